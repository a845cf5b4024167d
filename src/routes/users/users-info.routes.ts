import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { isOnlineUser } from '../../domain/permissions.js';
import type { AccessService } from '../../services/access-service.js';
import type { UsersInfo } from '../../services/users/users-info.js';

/** `GET /api/v1/users-info` and `GET /api/v1/users-doc-count` (contacts-users §2.17, §2.19). */
export function usersInfoRoutes(deps: { info: UsersInfo; access: AccessService }): Router {
  const { info, access } = deps;
  const router = apiRouter();

  router.get('/api/v1/users-info', async (req, res) => {
    const user = await access.user(req);
    // an offline caller always gets their own count; the query is ignored
    if (!isOnlineUser(user.roles)) {
      res.json(await info.forCaller(user));
      return;
    }
    await access.check(req, 'can_update_users');
    res.json(await info.forQuery(req.query as Record<string, unknown>));
  });

  router.get('/api/v1/users-doc-count', async (req, res) => {
    await access.checkDbAdmin(req, { prompt: true });
    res.json(await info.docCounts(req.query.user));
  });

  return router;
}
