function (doc) {
  // key: ['contact_id', id], ['oidc_username', name] and one ['facility_id', id] per facility (array or legacy string) -> value: null; _users 'user' docs only
  if (doc.type !== 'user') {
    return;
  }
  if (typeof doc.contact_id === 'string' && doc.contact_id !== '') {
    emit(['contact_id', doc.contact_id], null);
  }
  if (typeof doc.oidc_username === 'string' && doc.oidc_username !== '') {
    emit(['oidc_username', doc.oidc_username], null);
  }
  // facility_id has been an array since 4.9; older servers stored a string
  var facilities = typeof doc.facility_id === 'string' ? [doc.facility_id] : doc.facility_id;
  if (!Array.isArray(facilities)) {
    return;
  }
  var seen = [];
  for (var i = 0; i < facilities.length; i++) {
    if (typeof facilities[i] === 'string' && facilities[i] !== '' && seen.indexOf(facilities[i]) === -1) {
      seen.push(facilities[i]);
      emit(['facility_id', facilities[i]], null);
    }
  }
}
