import type { Router } from 'express';
import { apiRouter } from '../router.js';
import type { Couch } from '../../db/couch.js';
import { AppError, BadRequestError } from '../../errors.js';
import { formBody, jsonBody } from '../../middleware/parse-body.js';
import { rateLimitLoginBody } from '../../middleware/rate-limit.js';
import type { RateLimiter } from '../../services/rate-limiter.js';
import { loginPage } from './login-page.js';
import { safeRedirect } from '../../http/safe-redirect.js';
import { setSessionCookies } from './login-cookies.js';
import { mainDbOnly } from '../main-db.js';

/** Longest `user` or `password` passed on to CouchDB; longer ones are refused with 400 naming the field. */
export const MAX_CREDENTIAL_LENGTH = 4096;

/** The webapp login: `POST /<db>/login` creates a CouchDB session and answers 302 with the app path as body. */
export function loginRoutes(deps: { couch: Couch; limiter: RateLimiter; dbName: string }): Router {
  const { couch, limiter, dbName } = deps;
  const router = apiRouter();
  const onlyMainDb = mainDbOnly(dbName);

  router.get('/:db/login', onlyMainDb, (_req, res) => {
    res.type('html').send(loginPage(dbName));
  });

  router.post(
    '/:db/login',
    onlyMainDb,
    jsonBody({ sessionless: true }), // the caller has no session yet: bodies above 1 MiB get 413 unparsed
    formBody({ sessionless: true }),
    rateLimitLoginBody(limiter),
    async (req, res) => {
      const { user, password, redirect } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof user !== 'string' || !user || typeof password !== 'string' || !password) {
        throw new BadRequestError('Fields "user" and "password" are required');
      }
      // checked here, not by CouchDB: nothing was verified, so no rate-limit point (only 401/429 cost one)
      if (user.length > MAX_CREDENTIAL_LENGTH) throw new BadRequestError(`Field "user" is too long (at most ${MAX_CREDENTIAL_LENGTH} characters)`);
      if (password.length > MAX_CREDENTIAL_LENGTH) throw new BadRequestError(`Field "password" is too long (at most ${MAX_CREDENTIAL_LENGTH} characters)`);
      const session = await couch.createSession(user, password); // CouchDB unreachable: throws the 503
      // 400: CouchDB refused these credentials as malformed, which is a failed login all the same
      if (session.status === 401 || session.status === 400) {
        res.status(401).json({ error: 'Not logged in' });
        return;
      }
      if (session.status === 413) throw new AppError(413, 'Payload Too Large'); // nothing was checked: no rate-limit point
      // any other answer is a server fault, and costs the caller no rate-limit point
      if (session.status !== 200 || !session.setCookie || !session.userCtx) {
        throw new AppError(500, 'Server error', { cause: new Error(`CouchDB answered POST /_session with HTTP ${session.status} and no session`) });
      }
      setSessionCookies(req, res, { setCookie: session.setCookie, userCtx: session.userCtx });
      res.status(302).type('text/plain').send(safeRedirect(redirect));
    },
  );

  return router;
}
