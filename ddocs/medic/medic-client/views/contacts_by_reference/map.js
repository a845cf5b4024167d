function (doc) {
  // key: ['shortcode', String(place_id | patient_id)] or ['external', UPPERCASED rc_code] -> value: reported_date (null when absent)
  var TYPES = ['contact', 'national_office', 'district_hospital', 'health_center', 'clinic', 'person'];
  if (TYPES.indexOf(doc.type) === -1) {
    return;
  }
  var date = doc.reported_date === undefined ? null : doc.reported_date;
  if (doc.place_id) {
    emit(['shortcode', String(doc.place_id)], date);
  }
  if (doc.patient_id) {
    emit(['shortcode', String(doc.patient_id)], date);
  }
  if (doc.rc_code) {
    emit(['external', String(doc.rc_code).toUpperCase()], date);
  }
}
