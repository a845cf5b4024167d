function (doc) {
  // key: the doc's _conflicts revision list -> value: null (one row per conflicted doc)
  if (Array.isArray(doc._conflicts) && doc._conflicts.length > 0) {
    emit(doc._conflicts, null);
  }
}
