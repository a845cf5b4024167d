function (newDoc, oldDoc, userCtx, secObj) {
  // Applies to non-admin writers only: no client-side `purged` stubs, and no edits of the writer's own facility doc (only decidable when userCtx carries facility_id)
  var roles = userCtx && Array.isArray(userCtx.roles) ? userCtx.roles : [];
  var admins = secObj && secObj.admins && typeof secObj.admins === 'object' ? secObj.admins : {};
  var i;
  if (roles.indexOf('_admin') !== -1 || roles.indexOf('admin') !== -1) {
    return;
  }
  if (Array.isArray(admins.names) && userCtx && admins.names.indexOf(userCtx.name) !== -1) {
    return;
  }
  if (Array.isArray(admins.roles)) {
    for (i = 0; i < roles.length; i++) {
      if (admins.roles.indexOf(roles[i]) !== -1) {
        return;
      }
    }
  }

  if (newDoc.purged) {
    throw { forbidden: 'Purged documents should not be written to CouchDB!' };
  }

  // CouchDB's userCtx is {db, name, roles}: facility_id lives on the user-settings doc, so this only fires for a richer userCtx
  var facilities = userCtx ? userCtx.facility_id : undefined;
  if (typeof facilities === 'string') {
    facilities = [facilities];
  }
  if (Array.isArray(facilities) && facilities.indexOf(newDoc._id) !== -1) {
    throw { forbidden: 'You are not authorized to edit your own facility' };
  }
}
