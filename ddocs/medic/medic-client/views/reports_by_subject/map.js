function (doc) {
  // key: subject id string (patient_id, place_id, case_id; fields.patient_id|place_id|case_id|patient_uuid|place_uuid) -> value: reported_date (null when absent)
  if (doc.type !== 'data_record' || !doc.form) {
    return;
  }
  var date = doc.reported_date === undefined ? null : doc.reported_date;
  var seen = [];
  var add = function (source, field) {
    if (!source || typeof source !== 'object') {
      return;
    }
    var value = source[field];
    if (typeof value === 'number') {
      value = String(value);
    }
    if (typeof value === 'string' && value !== '' && seen.indexOf(value) === -1) {
      seen.push(value);
      emit(value, date);
    }
  };
  add(doc, 'patient_id');
  add(doc, 'place_id');
  add(doc, 'case_id');
  add(doc.fields, 'patient_id');
  add(doc.fields, 'place_id');
  add(doc.fields, 'case_id');
  add(doc.fields, 'patient_uuid');
  add(doc.fields, 'place_uuid');
}
