import type { Router } from 'express';
import { apiRouter } from '../router.js';
import type { AccessService } from '../../services/access-service.js';
import type { ContactServices } from '../../services/contacts/index.js';
import { bulkDeleteRoutes } from './bulk-delete.routes.js';
import { contactsByPhoneRoutes } from './contacts-by-phone.routes.js';
import { hydrateRoutes } from './hydrate.routes.js';
import { peoplePlacesRoutes } from './people-places.routes.js';
import { personPlaceRoutes } from './person-place.routes.js';

/** Every contacts endpoint of contacts-users §2.1–2.9 and §2.20. */
export function contactsRoutes(deps: { access: AccessService; contacts: ContactServices }): Router {
  const { access, contacts } = deps;
  const router = apiRouter();
  router.use(personPlaceRoutes({ access, reader: contacts.reader, pager: contacts.pager }));
  router.use(peoplePlacesRoutes({ access, writer: contacts.writer }));
  router.use(hydrateRoutes({ access, lineage: contacts.lineage }));
  router.use(contactsByPhoneRoutes({ access, byPhone: contacts.byPhone }));
  router.use(bulkDeleteRoutes({ access, bulkDelete: contacts.bulkDelete }));
  return router;
}
