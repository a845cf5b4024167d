function (doc) {
  // key: orgUnit string (one row per distinct `dhis` entry orgUnit; `dhis` is an object or an array of {orgUnit, dataSet?}) -> value: null
  var TYPES = ['contact', 'district_hospital', 'health_center', 'clinic', 'person'];
  if (TYPES.indexOf(doc.type) === -1 || !doc.dhis || typeof doc.dhis !== 'object') {
    return;
  }
  var entries = Array.isArray(doc.dhis) ? doc.dhis : [doc.dhis];
  var seen = [];
  for (var i = 0; i < entries.length; i++) {
    var orgUnit = entries[i] && typeof entries[i] === 'object' ? entries[i].orgUnit : null;
    if (typeof orgUnit === 'string' && orgUnit !== '' && seen.indexOf(orgUnit) === -1) {
      seen.push(orgUnit);
      emit(orgUnit, null);
    }
  }
}
