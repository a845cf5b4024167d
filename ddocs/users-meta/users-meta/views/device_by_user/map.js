function (doc) {
  // key: [metadata.user, metadata.deviceId] -> value: {date: 'YYYY-MM-DD', id, device: {userAgent?, versions: {apk?, android?, cht?, settings?}, storage?: {free, total}}}; 'telemetry' docs only
  if (doc.type !== 'telemetry' || !doc.metadata || typeof doc.metadata !== 'object') {
    return;
  }
  var meta = doc.metadata;
  if (!meta.user || !meta.deviceId || !meta.year || !meta.month || !meta.day) {
    return;
  }
  var pad = function (n) {
    var s = String(n);
    return s.length < 2 ? '0' + s : s;
  };
  var device = doc.device && typeof doc.device === 'object' ? doc.device : {};
  var info = device.deviceInfo && typeof device.deviceInfo === 'object' ? device.deviceInfo : {};
  var app = info.app && typeof info.app === 'object' ? info.app : {};
  var software = info.software && typeof info.software === 'object' ? info.software : {};
  var metaVersions = meta.versions && typeof meta.versions === 'object' ? meta.versions : {};
  var versions = {};
  if (app.version !== undefined) {
    versions.apk = app.version;
  }
  if (software.androidVersion !== undefined) {
    versions.android = software.androidVersion;
  }
  if (metaVersions.app !== undefined) {
    versions.cht = metaVersions.app;
  }
  if (metaVersions.settings !== undefined) {
    versions.settings = metaVersions.settings;
  }
  var value = {
    date: String(meta.year) + '-' + pad(meta.month) + '-' + pad(meta.day),
    id: doc._id,
    device: { versions: versions }
  };
  if (device.userAgent !== undefined) {
    value.device.userAgent = device.userAgent;
  }
  var storage = info.storage;
  if (storage && typeof storage === 'object') {
    value.device.storage = {
      free: storage.free === undefined ? null : storage.free,
      total: storage.total === undefined ? null : storage.total
    };
  }
  emit([meta.user, meta.deviceId], value);
}
