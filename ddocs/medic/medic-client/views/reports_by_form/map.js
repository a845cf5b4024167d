function (doc) {
  // key: [form] -> value: reported_date (null when absent); reports only (data_record with a form)
  if (doc.type === 'data_record' && doc.form) {
    emit([doc.form], doc.reported_date === undefined ? null : doc.reported_date);
  }
}
