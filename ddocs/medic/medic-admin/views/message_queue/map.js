function (doc) {
  // key: [kind, dueMs] with kind 'scheduled' | 'muted' | 'due', plus [kind2, dueMs] with kind2 'delivered' (sent, delivered) or 'failed' -> value: {state, uuid?, to?}; one set per message (or per task without messages)
  // token_login docs carry the SMS of token login (contacts-users §2.18): the same queue serves them
  if (doc.type !== 'data_record' && doc.type !== 'token_login') {
    return;
  }
  var MUTED = ['muted', 'cleared', 'denied', 'duplicate'];
  var DELIVERED = ['delivered', 'sent'];
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
    var i, j, task, state, kind, extra, due, messages, message, value;
    if (!Array.isArray(tasks)) {
      return;
    }
    for (i = 0; i < tasks.length; i++) {
      task = tasks[i];
      if (!task || typeof task !== 'object') {
        continue;
      }
      state = typeof task.state === 'string' ? task.state : null;
      // CHT quirk: everything that is neither scheduled nor muted counts as 'due', sent/delivered/failed included
      kind = state === 'scheduled' ? 'scheduled' : (MUTED.indexOf(state) !== -1 ? 'muted' : 'due');
      extra = DELIVERED.indexOf(state) !== -1 ? 'delivered' : (state === 'failed' ? 'failed' : null);
      due = toMs(task.due);
      if (due === null) {
        due = toMs(task.timestamp);
      }
      if (due === null) {
        due = toMs(doc.reported_date);
      }
      if (due === null) {
        due = 0;
      }
      messages = Array.isArray(task.messages) && task.messages.length ? task.messages : [null];
      for (j = 0; j < messages.length; j++) {
        message = messages[j] && typeof messages[j] === 'object' ? messages[j] : {};
        value = { state: state };
        if (message.uuid !== undefined) {
          value.uuid = message.uuid;
        }
        if (message.to !== undefined) {
          value.to = message.to;
        }
        emit([kind, due], value);
        if (extra) {
          emit([extra, due], value);
        }
      }
    }
  };
  visit(doc.tasks);
  visit(doc.scheduled_tasks);
}
