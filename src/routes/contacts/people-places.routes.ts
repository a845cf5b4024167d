import type { Router, Request } from 'express';
import { apiRouter } from '../router.js';
import { isEmptyLike } from '../../domain/contacts/validation.js';
import { BadRequestError } from '../../errors.js';
import { strictJsonBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import type { ContactWriter } from '../../services/contacts/contact-writer.js';

/** `{}` and `[]` bodies are refused after the permission check (contacts-users §2.5). */
function nonEmptyBody(req: Request): Record<string, unknown> {
  if (isEmptyLike(req.body)) throw new BadRequestError('Request body is empty or Content-Type header was not set to application/json.');
  return req.body as Record<string, unknown>;
}

/** The legacy writes: `POST /api/v1/people`, `/api/v1/places`, `/api/v1/places/{id}` (contacts-users §2.5–2.7). No online check. */
export function peoplePlacesRoutes(deps: { access: AccessService; writer: ContactWriter }): Router {
  const { access, writer } = deps;
  const router = apiRouter();

  router.post('/api/v1/people', ...strictJsonBody(), async (req, res) => {
    await access.check(req, ['can_edit', 'can_create_people']);
    res.json(await writer.createPerson(nonEmptyBody(req)));
  });

  router.post('/api/v1/places', ...strictJsonBody(), async (req, res) => {
    await access.check(req, ['can_edit', 'can_create_places']);
    res.json(await writer.createPlace(nonEmptyBody(req)));
  });

  router.post('/api/v1/places/:id', ...strictJsonBody(), async (req, res) => {
    await access.check(req, ['can_edit', 'can_update_places']);
    res.json(await writer.updatePlace(req.params.id as string, nonEmptyBody(req)));
  });

  return router;
}
