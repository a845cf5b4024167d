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

/** A bounded `route` label for metrics: the first path segment, never a doc id. */
export function proxyRouteLabel(path: string, dbName: string): string {
  const first = path.split('/')[1] ?? '';
  if (!first) return '/';
  if (first === dbName) return '/medic/{*path}';
  if (first.startsWith('_')) return path.split('/').length > 2 ? `/${first}/{*path}` : `/${first}`;
  return '/{db}/{*path}';
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
  };
}
