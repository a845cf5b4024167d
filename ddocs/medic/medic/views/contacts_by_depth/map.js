function (doc) {
  // key: [ancestorId] and [ancestorId, depth] for the contact itself (depth 0) and each ancestor -> value: {shortcode?: patient_id || place_id, primary_contact?: contact id}
  var TYPES = ['contact', 'district_hospital', 'health_center', 'clinic', 'person'];
  if (TYPES.indexOf(doc.type) === -1) {
    return;
  }
  var value = {};
  var shortcode = doc.patient_id || doc.place_id;
  if (typeof shortcode === 'string' || typeof shortcode === 'number') {
    value.shortcode = String(shortcode);
  }
  // legacy POST /api/v1/places stores `contact` as a bare id string
  if (typeof doc.contact === 'string' && doc.contact !== '') {
    value.primary_contact = doc.contact;
  } else if (doc.contact && typeof doc.contact === 'object' && typeof doc.contact._id === 'string' && doc.contact._id !== '') {
    value.primary_contact = doc.contact._id;
  }
  var node = doc;
  var depth = 0;
  while (node && typeof node === 'object' && depth < 100) {
    if (typeof node._id === 'string' && node._id !== '') {
      emit([node._id], value);
      emit([node._id, depth], value);
    }
    node = node.parent;
    depth++;
  }
}
