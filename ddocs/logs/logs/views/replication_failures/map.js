function (doc) {
  // key: ['YYYY-MM-DD', user] per day with failures of a 'replication-fail-<YYYY-MM>-<user>' doc -> value: that day's failure count
  var PREFIX = 'replication-fail-';
  if (typeof doc._id !== 'string' || doc._id.indexOf(PREFIX) !== 0) {
    return;
  }
  var rest = doc._id.substring(PREFIX.length);
  var month = /^\d{4}-\d{2}-/.test(rest) ? rest.substring(0, 7) : null;
  var user = typeof doc.user === 'string' && doc.user !== '' ? doc.user : (month ? rest.substring(8) : rest);
  if (!user) {
    return;
  }
  var pad = function (n) {
    var s = String(n);
    return s.length < 2 ? '0' + s : s;
  };
  // daily_failures: {'YYYY-MM-DD': n} or {'<day of month>': n} (needs the month from the id), or [{date, count}]
  var dayOf = function (key) {
    key = String(key);
    if (/^\d{4}-\d{2}-\d{2}$/.test(key)) {
      return key;
    }
    if (month && /^\d{1,2}$/.test(key)) {
      return month + '-' + pad(Number(key));
    }
    return null;
  };
  var add = function (key, count) {
    var day = dayOf(key);
    var n = typeof count === 'number' ? count : 1;
    if (day && n > 0) {
      emit([day, user], n);
    }
  };
  var failures = doc.daily_failures;
  var i, key;
  if (Array.isArray(failures)) {
    for (i = 0; i < failures.length; i++) {
      if (failures[i] && typeof failures[i] === 'object') {
        add(failures[i].date, failures[i].count);
      }
    }
  } else if (failures && typeof failures === 'object') {
    for (key in failures) {
      if (Object.prototype.hasOwnProperty.call(failures, key)) {
        add(key, failures[key]);
      }
    }
  }
}
