function (doc) {
  // key: [placeId] for every ancestor in the reporting contact's parent chain -> value: reported_date (null when absent)
  if (doc.type !== 'data_record' || !doc.form || !doc.contact || typeof doc.contact !== 'object') {
    return;
  }
  var date = doc.reported_date === undefined ? null : doc.reported_date;
  var place = doc.contact.parent;
  var depth = 0;
  while (place && typeof place === 'object' && depth < 100) {
    if (typeof place._id === 'string' && place._id !== '') {
      emit([place._id], date);
    }
    place = place.parent;
    depth++;
  }
}
