function (doc) {
  // key: task.state -> value: {gateway_ref, id: message uuid} for each message of a task that carries a gateway_ref (string, or a RapidPro numeric broadcast id); push services such as RapidPro poll the non-final states
  // token_login docs carry the SMS of token login (contacts-users §2.18): the same queue serves them
  if (doc.type !== 'data_record' && doc.type !== 'token_login') {
    return;
  }
  var isRef = function (ref) {
    return (typeof ref === 'string' && ref !== '') || (typeof ref === 'number' && isFinite(ref));
  };
  var visit = function (tasks) {
    var i, j, task, messages, uuid;
    if (!Array.isArray(tasks)) {
      return;
    }
    for (i = 0; i < tasks.length; i++) {
      task = tasks[i];
      if (!task || typeof task !== 'object' || typeof task.state !== 'string' || !isRef(task.gateway_ref)) {
        continue;
      }
      messages = Array.isArray(task.messages) ? task.messages : [];
      for (j = 0; j < messages.length; j++) {
        uuid = messages[j] && typeof messages[j] === 'object' ? messages[j].uuid : null;
        if (typeof uuid === 'string' && uuid !== '') {
          emit(task.state, { gateway_ref: task.gateway_ref, id: uuid });
        }
      }
    }
  };
  visit(doc.tasks);
  visit(doc.scheduled_tasks);
}
