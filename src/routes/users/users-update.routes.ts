import type { Router } from 'express';
import { apiRouter } from '../router.js';
import type { Couch } from '../../db/couch.js';
import { isRecord } from '../../domain/objects.js';
import { BadRequestError } from '../../errors.js';
import { strictJsonBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import type { UserServices } from '../../services/users/index.js';
import { updateAccess } from './update-access.js';

/** `POST /api/v1/users/{username}` (and `/api/v3/…`), `DELETE /api/v1/users/{username}` (contacts-users §2.15, §2.16). */
export function usersUpdateRoutes(deps: { users: UserServices; access: AccessService; couch: Couch }): Router {
  const { users, access, couch } = deps;
  const router = apiRouter();

  router.post(['/api/v1/users/:username', '/api/v3/users/:username'], ...strictJsonBody(), async (req, res) => {
    const body: unknown = req.body;
    // checked before authentication, as in the reference
    if (!isRecord(body) || !Object.keys(body).length) {
      throw new BadRequestError('Request body is empty or Content-Type header was not set to application/json.');
    }
    const username = req.params.username as string;
    const { caller, fullAccess } = await updateAccess(req, { access, couch }, username, body);
    res.json(await users.updater.update(username, body, { fullAccess, requestId: req.id, requestedBy: caller.name }));
  });

  router.delete('/api/v1/users/:username', async (req, res) => {
    await access.check(req, ['can_edit', 'can_delete_users']);
    res.json(await users.deleter.delete(req.params.username as string));
  });

  return router;
}
