function (doc) {
  // key: [contactId || phone || doc._id, reported_date] -> value: {id: doc._id, date: reported_date, contact: contactId|null}; SMS messages only (data_record without form)
  if (doc.type !== 'data_record' || doc.form) {
    return;
  }
  var date = doc.reported_date === undefined ? null : doc.reported_date;
  var seen = [];
  var idOf = function (contact) {
    if (typeof contact === 'string' && contact !== '') {
      return contact;
    }
    if (contact && typeof contact === 'object' && typeof contact._id === 'string' && contact._id !== '') {
      return contact._id;
    }
    return null;
  };
  var thread = function (contact, phone) {
    var contactId = idOf(contact);
    var key = contactId || (typeof phone === 'string' && phone !== '' ? phone : null) || doc._id;
    if (seen.indexOf(key) !== -1) {
      return;
    }
    seen.push(key);
    emit([key, date], { id: doc._id, date: date, contact: contactId });
  };
  if (doc.sms_message && typeof doc.sms_message === 'object') {
    thread(doc.contact, doc.from);
  }
  var tasks = doc.tasks;
  if (!Array.isArray(tasks)) {
    return;
  }
  for (var i = 0; i < tasks.length; i++) {
    var messages = tasks[i] && tasks[i].messages;
    if (!Array.isArray(messages)) {
      continue;
    }
    for (var j = 0; j < messages.length; j++) {
      if (messages[j] && typeof messages[j] === 'object') {
        thread(messages[j].contact, messages[j].to);
      }
    }
  }
}
