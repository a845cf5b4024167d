import type { Request, RequestHandler } from 'express';
import { basicCredentials, sessionCookie, stripCredentials } from '../auth/credentials.js';
import type { Sessions } from '../auth/sessions.js';
import type { UserStore } from '../auth/user-store.js';
import { locals, pathSegments, type CouchSession } from './context.js';
import { sendError } from './send.js';

/**
 * CouchDB 3 with `[chttpd] require_valid_user = true` (as CHT runs it): cookie first, then Basic;
 * wrong Basic credentials → 401 "Name or password is incorrect."; no credentials → 401
 * "Authentication required.". CouchDB's party_mode_handler exempts only `POST /_session` (login);
 * we also let `GET /_up` through (CouchDB's `require_valid_user_except_for_up`, for health checks)
 * and `DELETE /_session` (logging out needs no session). `GET /_session` without credentials is
 * refused with 401, exactly as CouchDB does with require_valid_user.
 */
export function authenticate(users: UserStore, sessions: Sessions): RequestHandler {
  return async (req, res, next) => {
    const session = await resolveSession(req, users, sessions, (cookie) => res.setHeader('Set-Cookie', cookie));
    if (session === 'bad-password') {
      sendError(res, 401, 'unauthorized', 'Name or password is incorrect.');
      return;
    }
    locals(res).session = session;
    stripCredentials(req.headers);
    // express-pouchdb reads the caller from req.couchSession; its own authentication middleware
    // (which would overwrite it with an anonymous session, credentials being stripped) is ignored.
    const forPouch = { ok: true, userCtx: { ...session.userCtx, roles: [...session.userCtx.roles] }, info: {} };
    Object.defineProperty(req, 'couchSession', { configurable: true, get: () => forPouch, set: () => undefined });
    if (session.userCtx.name === null && !isAnonymousAllowed(req)) {
      sendError(res, 401, 'unauthorized', 'Authentication required.');
      return;
    }
    next();
  };
}

function isAnonymousAllowed(req: Request): boolean {
  const path = pathSegments(req);
  if (path.length !== 1) return false;
  if (path[0] === '_session') return req.method === 'POST' || req.method === 'DELETE';
  return path[0] === '_up' && (req.method === 'GET' || req.method === 'HEAD');
}

async function resolveSession(
  req: Request,
  users: UserStore,
  sessions: Sessions,
  setCookie: (value: string) => void,
): Promise<CouchSession | 'bad-password'> {
  const cookie = sessionCookie(req.headers);
  if (cookie) {
    const checked = await sessions.check(cookie);
    if (checked) {
      if (checked.refresh) setCookie(sessions.setCookieFor(checked.user));
      return { userCtx: { name: checked.user.name, roles: checked.user.roles }, authenticated: 'cookie' };
    }
  }
  const basic = basicCredentials(req.headers);
  if (basic) {
    const user = await users.authenticate(basic.name, basic.password);
    if (!user) return 'bad-password';
    return { userCtx: { name: user.name, roles: user.roles }, authenticated: 'default' };
  }
  return { userCtx: { name: null, roles: [] } };
}
