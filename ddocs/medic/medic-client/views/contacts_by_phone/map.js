function (doc) {
  // key: phone exactly as stored (no normalisation) -> value: null
  var TYPES = ['contact', 'district_hospital', 'health_center', 'clinic', 'person'];
  if (TYPES.indexOf(doc.type) !== -1 && doc.phone) {
    emit(doc.phone, null);
  }
}
