import express, { Router } from 'express';
import { clearSessionCookie } from '../auth/session-cookie.js';
import type { Sessions } from '../auth/sessions.js';
import type { UserStore } from '../auth/user-store.js';
import { safeRedirect } from '../../http/safe-redirect.js';
import { locals } from './context.js';
import { sendError, sendJson } from './send.js';

/**
 * `/_session` as CouchDB 3.4 answers it: JSON or form login, a cookie with Expires and Max-Age,
 * `info.authenticated` = "cookie" or "default" (Basic).
 * https://docs.couchdb.org/en/stable/api/server/authn.html#session
 */
export function sessionRoutes(users: UserStore, sessions: Sessions): Router {
  const router = Router({ caseSensitive: true });
  const parsers = [express.json({ limit: '64kb' }), express.urlencoded({ extended: false, limit: '64kb' })];

  router.get('/_session', (_req, res) => {
    const { userCtx, authenticated } = locals(res).session;
    const info: Record<string, unknown> = { authentication_handlers: ['cookie', 'default'] };
    if (authenticated) info.authenticated = authenticated;
    sendJson(res, 200, { ok: true, userCtx, info });
  });

  router.post('/_session', ...parsers, async (req, res) => {
    const type = req.headers['content-type'] ?? '';
    if (!/application\/(json|x-www-form-urlencoded)/i.test(type)) {
      sendError(res, 415, 'bad_content_type', 'Content-Type must be application/x-www-form-urlencoded or application/json');
      return;
    }
    const body = (req.body ?? {}) as { name?: unknown; password?: unknown };
    const name = typeof body.name === 'string' ? body.name : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const user = name ? await users.authenticate(name, password) : undefined;
    if (!user) {
      sendError(res, 401, 'unauthorized', 'Name or password is incorrect.');
      return;
    }
    res.setHeader('Set-Cookie', sessions.setCookieFor(user));
    const next = typeof req.query.next === 'string' ? req.query.next : undefined;
    // CouchDB redirects to ?next= after login; only a path that stays on this server, as given, is followed here.
    if (next && safeRedirect(next) === next) {
      res.redirect(302, next);
      return;
    }
    sendJson(res, 200, { ok: true, name: user.name, roles: user.roles });
  });

  router.delete('/_session', (_req, res) => {
    res.setHeader('Set-Cookie', clearSessionCookie());
    sendJson(res, 200, { ok: true });
  });

  router.all('/_session', (_req, res) => {
    res.setHeader('Allow', 'GET,HEAD,POST,DELETE');
    sendError(res, 405, 'method_not_allowed', 'Only GET,HEAD,POST,DELETE allowed');
  });
  return router;
}
