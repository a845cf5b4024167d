function (doc) {
  // key: doc._id of each 'task:outbound' doc -> value: null (monitoring counts the rows: total_rows)
  if (doc.type === 'task:outbound') {
    emit(doc._id, null);
  }
}
