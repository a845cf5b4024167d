function (doc) {
  // key: [valid] (true when `errors` is missing or empty) -> value: reported_date (null when absent)
  if (doc.type === 'data_record' && doc.form) {
    var valid = !(doc.errors && doc.errors.length > 0);
    emit([valid], doc.reported_date === undefined ? null : doc.reported_date);
  }
}
