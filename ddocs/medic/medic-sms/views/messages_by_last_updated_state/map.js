function (doc) {
  // key: [group, lastUpdatedMs, state] per task with a state other than 'scheduled' (group: 'final' sent|delivered|failed, 'muted' denied|cleared|muted|duplicate, else 'pending') -> value: null
  // token_login docs carry the SMS of token login (contacts-users §2.18): the same queue serves them
  if (doc.type !== 'data_record' && doc.type !== 'token_login') {
    return;
  }
  var FINAL = ['sent', 'delivered', 'failed'];
  var MUTED = ['denied', 'cleared', 'muted', 'duplicate'];
  var toMs = function (value) {
    if (typeof value === 'number' && isFinite(value)) {
      return value;
    }
    if (typeof value === 'string' && value !== '') {
      var parsed = Date.parse(value);
      return isNaN(parsed) ? null : parsed;
    }
    return null;
  };
  var visit = function (tasks) {
    var i, task, state, group, updated, history, last;
    if (!Array.isArray(tasks)) {
      return;
    }
    for (i = 0; i < tasks.length; i++) {
      task = tasks[i];
      if (!task || typeof task !== 'object' || typeof task.state !== 'string' || task.state === '' || task.state === 'scheduled') {
        continue;
      }
      state = task.state;
      group = FINAL.indexOf(state) !== -1 ? 'final' : (MUTED.indexOf(state) !== -1 ? 'muted' : 'pending');
      // last updated = timestamp of the last state_history entry, else task.timestamp, else reported_date
      history = Array.isArray(task.state_history) ? task.state_history : [];
      last = history.length ? history[history.length - 1] : null;
      updated = last && typeof last === 'object' ? toMs(last.timestamp) : null;
      if (updated === null) {
        updated = toMs(task.timestamp);
      }
      if (updated === null) {
        updated = toMs(doc.reported_date);
      }
      if (updated === null) {
        updated = 0;
      }
      emit([group, updated, state], null);
    }
  };
  visit(doc.tasks);
  visit(doc.scheduled_tasks);
}
