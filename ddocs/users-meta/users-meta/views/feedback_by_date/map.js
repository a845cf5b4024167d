function (doc) {
  // key: [meta.time as epoch ms] (null when missing or unparseable) -> value: null; every 'feedback' doc (monitoring counts the rows: total_rows)
  if (doc.type !== 'feedback') {
    return;
  }
  var time = doc.meta && typeof doc.meta === 'object' ? doc.meta.time : null;
  var ms = null;
  if (typeof time === 'number' && isFinite(time)) {
    ms = time;
  } else if (typeof time === 'string' && time !== '') {
    ms = Date.parse(time);
    if (isNaN(ms)) {
      ms = null;
    }
  }
  emit([ms], null);
}
