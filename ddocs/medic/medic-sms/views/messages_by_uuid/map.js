function (doc) {
  // key: message uuid (each message of tasks and scheduled_tasks) -> value: null
  // token_login docs carry the SMS of token login (contacts-users §2.18): the same queue serves them
  if (doc.type !== 'data_record' && doc.type !== 'token_login') {
    return;
  }
  var visit = function (tasks) {
    var i, j, messages, uuid;
    if (!Array.isArray(tasks)) {
      return;
    }
    for (i = 0; i < tasks.length; i++) {
      messages = tasks[i] && typeof tasks[i] === 'object' && Array.isArray(tasks[i].messages) ? tasks[i].messages : [];
      for (j = 0; j < messages.length; j++) {
        uuid = messages[j] && typeof messages[j] === 'object' ? messages[j].uuid : null;
        if (typeof uuid === 'string' && uuid !== '') {
          emit(uuid, null);
        }
      }
    }
  };
  visit(doc.tasks);
  visit(doc.scheduled_tasks);
}
