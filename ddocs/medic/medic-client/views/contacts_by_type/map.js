function (doc) {
  // key: [typeId] -> value: "<dead> <muted> <rank> <lowercased name>" (rank = index in the hardcoded list, else the contact_type)
  var HARDCODED = ['district_hospital', 'health_center', 'clinic', 'person'];
  var typeId = null;
  if (doc.type === 'contact') {
    typeId = doc.contact_type;
  } else if (HARDCODED.indexOf(doc.type) !== -1) {
    typeId = doc.type;
  }
  if (typeof typeId !== 'string' || typeId === '') {
    return;
  }
  var index = HARDCODED.indexOf(typeId);
  var rank = index === -1 ? typeId : index;
  var name = '';
  if (typeof doc.name === 'string' || typeof doc.name === 'number') {
    name = String(doc.name).toLowerCase();
  }
  emit([typeId], !!doc.date_of_death + ' ' + !!doc.muted + ' ' + rank + ' ' + name);
}
