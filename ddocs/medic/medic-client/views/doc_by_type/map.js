function (doc) {
  // key: [type] -> value: null; translations docs instead: ['translations', enabled] -> {code, name}
  if (doc.type === 'translations') {
    // CHT quirk: the webapp lists languages with key ['translations', true]
    emit(['translations', doc.enabled === undefined ? null : doc.enabled], {
      code: doc.code === undefined ? null : doc.code,
      name: doc.name === undefined ? null : doc.name
    });
    return;
  }
  if (typeof doc.type === 'string' && doc.type !== '') {
    emit([doc.type], null);
  }
}
