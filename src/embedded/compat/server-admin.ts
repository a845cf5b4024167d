import type { RequestHandler } from 'express';
import { isServerAdmin, locals, pathSegments } from './context.js';
import { notServerAdmin } from './send.js';

// Server-level endpoints that CouchDB 3 reserves for server admins
// (chttpd_auth_request: require_admin → 401 "You are not a server admin.", also for signed-in users).
const ADMIN_ONLY = new Set([
  '_all_dbs',
  '_dbs_info',
  '_config',
  '_active_tasks',
  '_db_updates',
  '_membership',
  '_cluster_setup',
  '_stats',
  '_system',
  '_restart',
  '_replicate',
  '_scheduler',
  '_reshard',
]);

/**
 * Refuses server-admin operations to everyone else: creating and deleting databases (stock
 * express-pouchdb crashes the process on a non-admin `PUT /db`) and the admin-only `_` endpoints.
 */
export function serverAdminGuard(): RequestHandler {
  return (req, res, next) => {
    const session = locals(res).session;
    if (isServerAdmin(session)) {
      next();
      return;
    }
    const [first, ...rest] = pathSegments(req);
    const dbLifecycle = first !== undefined && rest.length === 0 && (req.method === 'PUT' || req.method === 'DELETE');
    if (dbLifecycle || (first !== undefined && ADMIN_ONLY.has(first))) {
      notServerAdmin(res);
      return;
    }
    next();
  };
}
