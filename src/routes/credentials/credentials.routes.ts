import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { BadRequestError, ForbiddenError } from '../../errors.js';
import { isDbAdmin } from '../../domain/permissions.js';
import { onlineOnly } from '../../middleware/online-only.js';
import { textBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import type { CredentialsService } from '../../services/credentials/credentials-service.js';

/** `PUT /api/v1/credentials/{key}` (contacts-users §2.21): the secret is the raw text body. */
export function credentialsRoutes(deps: { credentials: CredentialsService; access: AccessService }): Router {
  const { credentials, access } = deps;
  const router = apiRouter();
  router.put(
    '/api/v1/credentials/:key',
    onlineOnly(access), // handleAuthErrors, then the offline-user firewall
    textBody(),
    async (req, res) => {
      const value: unknown = req.body;
      if (typeof value !== 'string' || value === '') throw new BadRequestError('Missing required request body');
      const user = await access.user(req);
      // the reference's wording differs from the usual `Insufficient privileges`
      if (!isDbAdmin(user.roles)) throw new ForbiddenError('Insufficient permissions');
      await credentials.set(req.params.key as string, value);
      res.json({ ok: true });
    },
  );
  return router;
}
