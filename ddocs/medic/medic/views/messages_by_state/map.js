function (doc) {
  // key: [task.state, dueMs] -> value: {content, to, id} per message of every task and scheduled task (null for a task without messages); pending and forwarded-to-gateway messages also emit ['pending-or-forwarded', dueMs]
  // token_login docs carry the SMS of token login (contacts-users §2.18): the same queue serves them
  if (doc.type !== 'data_record' && doc.type !== 'token_login') {
    return;
  }
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
    var i, j, task, due, state, messages, message, value;
    if (!Array.isArray(tasks)) {
      return;
    }
    for (i = 0; i < tasks.length; i++) {
      task = tasks[i];
      if (!task || typeof task !== 'object') {
        continue;
      }
      state = typeof task.state === 'string' ? task.state : null;
      // the gateway reads ['pending-or-forwarded', 0]..['pending-or-forwarded', '\ufff0'], so the date is always a number
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
      messages = Array.isArray(task.messages) ? task.messages : [];
      if (messages.length === 0) {
        emit([state, due], null);
        continue;
      }
      for (j = 0; j < messages.length; j++) {
        message = messages[j] && typeof messages[j] === 'object' ? messages[j] : {};
        value = {
          content: message.message === undefined ? null : message.message,
          to: message.to === undefined ? null : message.to,
          id: message.uuid === undefined ? null : message.uuid
        };
        emit([state, due], value);
        if (state === 'pending' || state === 'forwarded-to-gateway') {
          emit(['pending-or-forwarded', due], value);
        }
      }
    }
  };
  visit(doc.tasks);
  visit(doc.scheduled_tasks);
}
