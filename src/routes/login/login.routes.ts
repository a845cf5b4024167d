import express, { type Router } from 'express';
import { apiRouter } from '../router.js';
import type { Couch } from '../../db/couch.js';
import { BadRequestError } from '../../errors.js';
import { MAX_BODY } from '../../middleware/parse-body.js';
import { rateLimitLoginBody } from '../../middleware/rate-limit.js';
import type { RateLimiter } from '../../services/rate-limiter.js';
import { loginPage } from './login-page.js';
import { safeRedirect, setSessionCookies } from './login-cookies.js';
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
    express.json({ limit: MAX_BODY }),
    express.urlencoded({ limit: MAX_BODY, extended: false }),
    rateLimitLoginBody(limiter),
    async (req, res) => {
      const { user, password, redirect } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof user !== 'string' || !user || typeof password !== 'string' || !password) {
        throw new BadRequestError('Fields "user" and "password" are required');
      }
      const session = await couch.createSession(user, password);
      if (session.status === 401 || !session.setCookie || !session.userCtx) {
        res.status(401).json({ error: 'Not logged in' });
        return;
      }
      setSessionCookies(req, res, { setCookie: session.setCookie, userCtx: session.userCtx });
      res.status(302).type('text/plain').send(safeRedirect(redirect));
    },
  );

  return router;
}
