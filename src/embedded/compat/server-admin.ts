import type { Request, RequestHandler } from 'express';
import { isServerAdmin, locals } from './context.js';
import { notServerAdmin } from './send.js';

// CouchDB 3 (chttpd_auth_request) lets non-admins reach only these `_` names at the top of a path;
// every other one (`_config`, `_node`, `_all_dbs`, `_dbs_info`, `_active_tasks`, `_replicate`,
// `_global_changes`, `_restart`, unknown `_foo`, ...) needs a server admin: 401 "You are not a
// server admin.", also for signed-in users. `_replicate`, `_active_tasks`, `_stats` and
// `_scheduler` stay admin-only here (CouchDB opens some of them; the embedded store serves none usefully).
const OPEN_SYSTEM_DBS = new Set(['_users', '_replicator']); // then db-access and users-db decide
const OPEN_ENDPOINTS = new Set(['_up', '_uuids', '_session']); // exactly these one-segment paths

/** Decoded path segments of a request target, origin-form or absolute-form (`GET http://host/_config`). */
function segmentsOf(target: string): string[] {
  let path = target.split('?')[0] ?? '';
  if (!path.startsWith('/')) {
    try {
      path = new URL(path).pathname;
    } catch {
      // neither form (`*`): nothing to route
    }
  }
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** Whether a non-admin may go on with this path (the rest of the layer then applies its own rules). */
function openToNonAdmins(segments: string[]): boolean {
  const [first] = segments;
  if (first === undefined || !first.startsWith('_')) return true;
  if (OPEN_SYSTEM_DBS.has(first)) return true;
  return segments.length === 1 && OPEN_ENDPOINTS.has(first);
}

/** One database, created or deleted: `PUT /db`, `DELETE /db`. */
function isDbLifecycle(req: Request, segments: string[]): boolean {
  return segments.length === 1 && (req.method === 'PUT' || req.method === 'DELETE');
}

/**
 * Refuses server-admin operations to everyone else: creating and deleting databases (stock
 * express-pouchdb crashes the process on a non-admin `PUT /db`) and every `_` path CouchDB 3 keeps
 * for admins. Names are compared exactly (CouchDB is case-sensitive) after percent-decoding, on the
 * URL as the client sent it and as rewritten so far (`/_node/<name>/...`), so no spelling of a
 * prefix reaches an admin route.
 */
export function serverAdminGuard(): RequestHandler {
  return (req, res, next) => {
    if (isServerAdmin(locals(res).session)) {
      next();
      return;
    }
    const targets = [segmentsOf(req.originalUrl || req.url), segmentsOf(req.url)];
    if (targets.some((segments) => !openToNonAdmins(segments) || isDbLifecycle(req, segments))) {
      notServerAdmin(res);
      return;
    }
    next();
  };
}
