function (doc) {
  // key: timestamp (epoch ms) of a 'connected-user-<name>' doc -> value: user name (reduce _count = users seen since startkey)
  if (typeof doc._id !== 'string' || doc._id.indexOf('connected-user-') !== 0) {
    return;
  }
  var ts = doc.timestamp;
  if (typeof ts === 'string' && ts !== '') {
    ts = Date.parse(ts);
  }
  if (typeof ts !== 'number' || isNaN(ts)) {
    return;
  }
  emit(ts, typeof doc.user === 'string' ? doc.user : doc._id.substring('connected-user-'.length));
}
