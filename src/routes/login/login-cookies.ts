import type { Request, Response } from 'express';
import type { UserCtx } from '../../db/couch.js';
import { ensureCookieExpiry } from './session-cookie.js';

/** CouchDB's default session lifetime, for the cookies' `Expires`. */
export const SESSION_SECONDS = 600;

/** The cookies of a new login: CouchDB's `AuthSession` (with `Expires`), `userCtx`, optionally `locale`; `login` cleared. */
export function setSessionCookies(req: Request, res: Response, session: { setCookie: string; userCtx: UserCtx; locale?: string }): void {
  const expires = new Date(Date.now() + SESSION_SECONDS * 1000);
  res.append('Set-Cookie', ensureCookieExpiry(session.setCookie, expires, SESSION_SECONDS));
  const options = { expires, sameSite: 'lax' as const, secure: req.secure, path: '/' };
  res.cookie('userCtx', JSON.stringify({ name: session.userCtx.name, roles: session.userCtx.roles }), options);
  if (session.locale) res.cookie('locale', session.locale, options);
  res.clearCookie('login');
}
