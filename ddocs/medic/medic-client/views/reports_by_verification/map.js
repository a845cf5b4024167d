function (doc) {
  // key: [verified] (null when the report has no `verified`) -> value: reported_date (null when absent)
  if (doc.type === 'data_record' && doc.form) {
    var verified = doc.verified === undefined ? null : doc.verified;
    emit([verified], doc.reported_date === undefined ? null : doc.reported_date);
  }
}
