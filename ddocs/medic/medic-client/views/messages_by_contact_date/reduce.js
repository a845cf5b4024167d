function (keys, values, rereduce) {
  // keeps the value with the greatest numeric `date` (webapp: group_level=1 gives the latest message of each conversation)
  var latest = null;
  for (var i = 0; i < values.length; i++) {
    var value = values[i];
    if (!value) {
      continue;
    }
    if (latest === null || (typeof value.date === 'number' && (typeof latest.date !== 'number' || value.date > latest.date))) {
      latest = value;
    }
  }
  return latest;
}
