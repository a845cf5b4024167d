function (doc) {
  // key: [parentId, typeId] -> value: null (typeId = contact_type for type 'contact', else type)
  var TYPES = ['contact', 'district_hospital', 'health_center', 'clinic', 'person'];
  if (TYPES.indexOf(doc.type) === -1) {
    return;
  }
  var parentId = doc.parent && doc.parent._id;
  if (typeof parentId !== 'string' || parentId === '') {
    return;
  }
  var typeId = doc.type === 'contact' ? doc.contact_type : doc.type;
  if (typeof typeId !== 'string' || typeId === '') {
    return;
  }
  emit([parentId, typeId], null);
}
