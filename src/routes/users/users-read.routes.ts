import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { v1Item, type UserItem } from '../../domain/users/user-list.js';
import { ForbiddenError } from '../../errors.js';
import type { AccessService } from '../../services/access-service.js';
import type { UserLister } from '../../services/users/user-lister.js';
import { isSelf } from './caller-self.js';
import { sendJsonArray } from './stream-json.js';

/** `GET /api/v1/users`, `GET /api/v2/users` and `GET /api/v2/users/{username}` (contacts-users §2.10–2.12). */
export function usersReadRoutes(deps: { lister: UserLister; access: AccessService }): Router {
  const { lister, access } = deps;
  const router = apiRouter();
  const filters = (query: Record<string, unknown>) => ({ facilityId: query.facility_id, contactId: query.contact_id });

  router.get('/api/v1/users', async (req, res) => {
    await access.check(req, 'can_view_users');
    await sendJsonArray(res, lister.items(filters(req.query)), (item: UserItem) => v1Item(item));
  });

  router.get('/api/v2/users', async (req, res) => {
    await access.check(req, 'can_view_users');
    await sendJsonArray(res, lister.items(filters(req.query)));
  });

  router.get('/api/v2/users/:username', async (req, res) => {
    const username = req.params.username as string;
    const user = await access.user(req);
    // users may read themselves, unless Basic credentials name someone else (§2.12)
    if (!isSelf(req, user, username) && !(await access.has(user, 'can_view_users'))) throw new ForbiddenError('Insufficient privileges');
    res.json(await lister.get(username));
  });

  return router;
}
