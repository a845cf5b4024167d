function (newDoc, oldDoc, userCtx, secObj) {
  // Applies to non-admin writers only (API writes as server admin): admin-only docs, and well-formed, non-creatable user-settings with fixed roles
  var roles = userCtx && Array.isArray(userCtx.roles) ? userCtx.roles : [];
  var admins = secObj && secObj.admins && typeof secObj.admins === 'object' ? secObj.admins : {};
  var isAdmin = function () {
    var i;
    // the API treats both `_admin` and `admin` as db admins, so the database does too
    if (roles.indexOf('_admin') !== -1 || roles.indexOf('admin') !== -1) {
      return true;
    }
    if (Array.isArray(admins.names) && userCtx && admins.names.indexOf(userCtx.name) !== -1) {
      return true;
    }
    if (Array.isArray(admins.roles)) {
      for (i = 0; i < roles.length; i++) {
        if (admins.roles.indexOf(roles[i]) !== -1) {
          return true;
        }
      }
    }
    return false;
  };
  var forbid = function (reason) {
    throw { forbidden: reason };
  };
  var sameRoles = function (a, b) {
    var i;
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    for (i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        return false;
      }
    }
    return true;
  };

  if (isAdmin()) {
    return;
  }

  var ADMIN_TYPES = ['form', 'translations', 'token_login', 'ui-extension'];
  var ADMIN_IDS = ['settings', 'resources', 'branding', 'partners', 'privacy-policies', 'extension-libs', 'database-indexes'];
  var id = newDoc._id;
  var oldType = oldDoc ? oldDoc.type : undefined;
  if (
    ADMIN_IDS.indexOf(id) !== -1 ||
    (typeof id === 'string' && id.indexOf('form:') === 0) ||
    ADMIN_TYPES.indexOf(newDoc.type) !== -1 ||
    ADMIN_TYPES.indexOf(oldType) !== -1
  ) {
    forbid('You are not authorized to edit admin only docs');
  }

  if (newDoc.type !== 'user-settings' && oldType !== 'user-settings') {
    return;
  }
  if (!oldDoc || oldDoc._deleted) {
    forbid('You are not authorized to create user-settings docs');
  }
  if (newDoc._deleted) {
    forbid('You are not authorized to delete user-settings docs');
  }
  if (newDoc.type !== 'user-settings') {
    forbid('You are not authorized to change the type of user-settings docs');
  }
  if (typeof newDoc.name !== 'string' || newDoc.name === '') {
    forbid('user-settings docs must have a name');
  }
  if (newDoc.name !== newDoc.name.toLowerCase()) {
    forbid('user-settings doc names must be lowercase');
  }
  if (id !== 'org.couchdb.user:' + newDoc.name) {
    forbid('user-settings doc _id must be "org.couchdb.user:" followed by the name');
  }
  if (newDoc.known !== undefined && typeof newDoc.known !== 'boolean') {
    forbid('user-settings `known` must be a boolean');
  }
  if (!Array.isArray(newDoc.roles)) {
    forbid('user-settings `roles` must be an array');
  }
  if (!sameRoles(newDoc.roles, oldDoc.roles)) {
    forbid('You are not authorized to change the roles of a user');
  }
}
