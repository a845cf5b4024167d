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
    jsonBody(),
    formBody(),
    rateLimitLoginBody(limiter),
    async (req, res) => {
      const { user, password, redirect } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof user !== 'string' || !user || typeof password !== 'string' || !password) {
        throw new BadRequestError('Fields "user" and "password" are required');
      }
      const session = await couch.createSession(user, password); // CouchDB unreachable: throws the 503
      if (session.status === 401) {
        res.status(401).json({ error: 'Not logged in' });
        return;
      }
      // only CouchDB's 401 is a failed login: any other answer is a server fault, and costs the caller no rate-limit point
      if (session.status !== 200 || !session.setCookie || !session.userCtx) {
        throw new AppError(500, 'Server error', { cause: new Error(`CouchDB answered POST /_session with HTTP ${session.status} and no session`) });
      }
      setSessionCookies(req, res, { setCookie: session.setCookie, userCtx: session.userCtx });
      res.status(302).type('text/plain').send(safeRedirect(redirect));
    },
  );

  return router;
}
