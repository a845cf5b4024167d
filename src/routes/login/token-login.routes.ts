import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { TooManyRequestsError } from '../../errors.js';
import { rateLimitKeys } from '../../middleware/rate-limit.js';
import type { RateLimiter } from '../../services/rate-limiter.js';
import type { TokenLogin } from '../../services/users/token-login.js';
import { mainDbOnly } from '../main-db.js';
import { safeRedirect } from '../../http/safe-redirect.js';
import { setSessionCookies } from './login-cookies.js';
import { tokenLoginPage } from './token-login-page.js';

/** The login link of token login: `GET`/`POST /<db>/login/token/{token}` (`/medic/…` through the alias; contacts-users §2.18). */
export function tokenLoginRoutes(deps: { tokenLogin: TokenLogin; limiter: RateLimiter; dbName: string }): Router {
  const { tokenLogin, limiter, dbName } = deps;
  // case-sensitive: `/medic/LOGIN/token/…` is no login link; a token is spent only through the one path the request log blanks
  const router = apiRouter({ caseSensitive: true });
  const onlyMainDb = mainDbOnly(dbName);
  const path = '/:db/login/token{/:token}';

  router.get(path, onlyMainDb, (_req, res) => {
    res.set('Cache-Control', 'no-store').type('html').send(tokenLoginPage());
  });

  router.post(path, onlyMainDb, async (req, res) => {
    // every refusal is a 401 that costs the client a rate-limit point; a spent client is refused first
    if (limiter.isLimited(rateLimitKeys(req))) throw new TooManyRequestsError();
    const redirect = safeRedirect(req.query.redirect);
    if (await req.auth.user()) {
      res.status(302).type('text/plain').send(redirect);
      return;
    }
    const result = await tokenLogin.login(typeof req.params.token === 'string' ? req.params.token : undefined);
    if (!result.ok) {
      res.status(result.status).json(result.body);
      return;
    }
    setSessionCookies(req, res, result);
    res.status(302).type('text/plain').send(redirect);
  });

  return router;
}
