import type { Request, RequestHandler } from 'express';
import type { Passthrough } from '../../db/passthrough.js';
import { UnauthorizedError } from '../../errors.js';
import { isOnlineUser } from '../../domain/permissions.js';
import { sendFirewall } from '../../middleware/online-only.js';
import type { SessionService } from '../../services/session-service.js';

/** CouchDB paths the reference proxies before its session checks: login/logout and liveness. */
function isOpenPath(req: Request): boolean {
  return req.path === '/_session' || (req.path === '/_up' && req.method === 'GET');
}

function isUsersDbWrite(req: Request): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && (req.path === '/_users' || req.path.startsWith('/_users/'));
}

/** CouchDB's own top-level endpoints and system databases: the only `_` segments that get their own label. */
const COUCH_ENDPOINTS = new Set([
  '_active_tasks', '_all_dbs', '_cluster_setup', '_config', '_db_updates', '_dbs_info', '_global_changes',
  '_membership', '_node', '_replicate', '_replicator', '_reshard', '_scheduler', '_session', '_stats', '_up',
  '_users', '_utils', '_uuids',
]);

/** A bounded `route` label for metrics: the first path segment when it is a known one, never a doc id. */
export function proxyRouteLabel(path: string, dbName: string): string {
  const first = path.split('/')[1] ?? '';
  const rest = path.split('/').length > 2 ? '/{*path}' : '';
  if (!first) return '/';
  if (first === dbName) return '/medic/{*path}';
  if (first.startsWith('_')) return COUCH_ENDPOINTS.has(first) ? `/${first}${rest}` : `/{_other}${rest}`;
  return `/{db}${rest}`;
}

/**
 * Every path that is not an API route goes to CouchDB with the caller's credentials, after the
 * catch-all checks of the reference: not logged in → the 401 shapes, offline user → 403 firewall.
 */
export function couchPassthrough(deps: { passthrough: Passthrough; sessions: SessionService; dbName: string }): RequestHandler {
  const { passthrough, sessions, dbName } = deps;
  return async (req, res) => {
    if (!isOpenPath(req)) {
      const user = await req.auth.user();
      if (!user) throw new UnauthorizedError();
      if (!isOnlineUser(user.roles)) {
        sendFirewall(res);
        return;
      }
    }
    res.locals.routeTemplate = proxyRouteLabel(req.path, dbName);
    const status = await passthrough.forward(req, res, req.url);
    if (status === 401) sessions.forget(req.auth.credentials);
    // a password or roles changed straight in `_users`: no cached session may outlive it here
    else if (status < 300 && isUsersDbWrite(req)) sessions.forgetAll();
  };
}
