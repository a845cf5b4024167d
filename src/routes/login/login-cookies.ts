import type { Request, Response } from 'express';
import type { UserCtx } from '../../db/couch.js';
import { ensureCookieExpiry } from './session-cookie.js';

/** CouchDB's default session lifetime, for the cookies' `Expires`. */
export const SESSION_SECONDS = 600;

/** A placeholder origin to resolve redirects against: only what stays on it is a path of ours. */
const HOME = 'http://home.invalid';
/** Control characters (browsers drop tabs and line breaks from URLs) and backslashes (read as `/`). */
const isUnsafe = (ch: string) => ch === '\\' || ch <= '\u001f' || (ch >= '\u007f' && ch <= '\u009f');

/**
 * Only same-origin paths are followed after login: the value, resolved as a browser would, must stay on
 * this origin, and is returned as its path, query and fragment. Anything else goes to the app root.
 */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || [...value].some(isUnsafe)) return '/';
  try {
    const url = new URL(value, HOME);
    return url.origin === HOME ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

/** The cookies of a new login: CouchDB's `AuthSession` (with `Expires`), `userCtx`, optionally `locale`; `login` cleared. */
export function setSessionCookies(req: Request, res: Response, session: { setCookie: string; userCtx: UserCtx; locale?: string }): void {
  const expires = new Date(Date.now() + SESSION_SECONDS * 1000);
  res.append('Set-Cookie', ensureCookieExpiry(session.setCookie, expires, SESSION_SECONDS));
  const options = { expires, sameSite: 'lax' as const, secure: req.secure, path: '/' };
  res.cookie('userCtx', JSON.stringify({ name: session.userCtx.name, roles: session.userCtx.roles }), options);
  if (session.locale) res.cookie('locale', session.locale, options);
  res.clearCookie('login');
}
