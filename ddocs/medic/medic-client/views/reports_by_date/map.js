function (doc) {
  // key: [reported_date] -> value: reported_date (null when absent); reports only (data_record with a form)
  if (doc.type === 'data_record' && doc.form) {
    var date = doc.reported_date === undefined ? null : doc.reported_date;
    emit([date], date);
  }
}
