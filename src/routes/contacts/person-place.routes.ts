import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { NotFoundError } from '../../errors.js';
import type { AccessService } from '../../services/access-service.js';
import type { ContactPager } from '../../services/contacts/contact-pager.js';
import type { ContactReader } from '../../services/contacts/contact-reader.js';

const NOT_FOUND = { person: 'Person not found', place: 'Place not found' } as const;

/** The datasource reads: `GET /api/v1/{person,place}/{uuid}` and `GET /api/v1/{person,place}?type=` (contacts-users §2.1–2.4). */
export function personPlaceRoutes(deps: { access: AccessService; reader: ContactReader; pager: ContactPager }): Router {
  const { access, reader, pager } = deps;
  const router = apiRouter();
  for (const kind of ['person', 'place'] as const) {
    router.get(`/api/v1/${kind}/:uuid`, async (req, res) => {
      await access.checkOnline(req, 'can_view_contacts');
      // only the exact string `true` turns lineage on
      const doc = await reader.find(kind, req.params.uuid, { withLineage: req.query.with_lineage === 'true' });
      if (!doc) throw new NotFoundError(NOT_FOUND[kind]);
      res.json(doc);
    });

    router.get(`/api/v1/${kind}`, async (req, res) => {
      const user = await access.checkOnline(req, 'can_view_contacts');
      res.json(await pager.page(kind, req.query as Record<string, unknown>, user.name));
    });
  }
  return router;
}
