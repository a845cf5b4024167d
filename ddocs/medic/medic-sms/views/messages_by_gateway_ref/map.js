function (doc) {
  // key: gateway ref (string, or number: RapidPro broadcast ids are numbers) -> value: null for an incoming message (sms_message.gateway_ref), else the uuid of each message of a task carrying gateway_ref (null when the task has none)
  // token_login docs carry the SMS of token login (contacts-users §2.18): the same queue serves them
  if (doc.type !== 'data_record' && doc.type !== 'token_login') {
    return;
  }
  var isRef = function (ref) {
    return (typeof ref === 'string' && ref !== '') || (typeof ref === 'number' && isFinite(ref));
  };
  if (doc.sms_message && typeof doc.sms_message === 'object' && isRef(doc.sms_message.gateway_ref)) {
    emit(doc.sms_message.gateway_ref, null);
  }
  var visit = function (tasks) {
    var i, j, task, messages, uuid;
    if (!Array.isArray(tasks)) {
      return;
    }
    for (i = 0; i < tasks.length; i++) {
      task = tasks[i];
      if (!task || typeof task !== 'object' || !isRef(task.gateway_ref)) {
        continue;
      }
      messages = Array.isArray(task.messages) ? task.messages : [];
      if (messages.length === 0) {
        emit(task.gateway_ref, null);
      }
      for (j = 0; j < messages.length; j++) {
        uuid = messages[j] && typeof messages[j] === 'object' ? messages[j].uuid : null;
        emit(task.gateway_ref, typeof uuid === 'string' ? uuid : null);
      }
    }
  };
  visit(doc.tasks);
  visit(doc.scheduled_tasks);
}
