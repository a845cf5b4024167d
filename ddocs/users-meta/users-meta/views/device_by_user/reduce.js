function (keys, values, rereduce) {
  // keeps the value whose 'YYYY-MM-DD' date is lexicographically greatest (the latest telemetry of a user's device)
  var latest = null;
  for (var i = 0; i < values.length; i++) {
    var value = values[i];
    if (!value || typeof value.date !== 'string') {
      continue;
    }
    if (latest === null || value.date > latest.date) {
      latest = value;
    }
  }
  return latest;
}
