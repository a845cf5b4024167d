function (doc) {
  // key: a replication key -> value: 'task' for task docs, else null. Reports: each subject (patient/place id or uuid, on the doc or in its fields) and the submitter's contact id; tasks: the user-settings id of their user; targets: their owner. Used to approximate what an offline user replicates (users-info)
  var seen = {};
  var add = function (key, value) {
    if (typeof key === 'number') {
      key = String(key);
    }
    if (typeof key === 'string' && key !== '' && !seen[key]) {
      seen[key] = true;
      emit(key, value);
    }
  };
  var SUBJECTS = ['patient_id', 'patient_uuid', 'place_id', 'place_uuid'];
  var fields, i;
  if (doc.type === 'data_record') {
    fields = doc.fields && typeof doc.fields === 'object' ? doc.fields : {};
    for (i = 0; i < SUBJECTS.length; i++) {
      add(doc[SUBJECTS[i]], null);
      add(fields[SUBJECTS[i]], null);
    }
    if (doc.contact && typeof doc.contact === 'object') {
      add(doc.contact._id, null);
    }
    return;
  }
  if (doc.type === 'task') {
    add(doc.user, 'task');
    return;
  }
  if (doc.type === 'target') {
    add(doc.owner, null);
  }
}
