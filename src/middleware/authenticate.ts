import type { RequestHandler } from 'express';
import type { CallerCredentials } from '../db/couch.js';
import type { SessionService, SessionUser } from '../services/session-service.js';

/** The caller's credentials and their session, resolved at most once per request. */
export interface AuthContext {
  readonly credentials: CallerCredentials;
  /** The logged-in user, or undefined; throws ServiceUnavailableError when CouchDB is down. */
  user(): Promise<SessionUser | undefined>;
}

/**
 * Attaches `req.auth`. The reference asks CouchDB `_session` for every request (contacts-users
 * §1.2.1); here the lookup happens only when something asks, and verified sessions are cached.
 */
export function authenticate(sessions: SessionService): RequestHandler {
  return (req, _res, next) => {
    delete req.headers['x-medic-user']; // only set here, once CouchDB vouched for the name
    const credentials: CallerCredentials = {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    };
    let pending: Promise<SessionUser | undefined> | undefined;
    req.auth = {
      credentials,
      user: () => {
        pending ??= sessions.resolve(credentials).then((user) => {
          if (user) req.headers['x-medic-user'] = user.name;
          return user;
        });
        return pending;
      },
    };
    next();
  };
}
