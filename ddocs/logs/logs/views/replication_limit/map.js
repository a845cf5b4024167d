function (doc) {
  // key: user name (else doc _id) of a doc whose numeric `count` is above 10000 -> value: count (reduce _count = users over the limit)
  if (typeof doc.count !== 'number' || !(doc.count > 10000)) {
    return;
  }
  emit(typeof doc.user === 'string' && doc.user !== '' ? doc.user : doc._id, doc.count);
}
