import type { Router } from 'express';
import { apiRouter } from '../router.js';
import type { Services } from '../../services.js';
import { usersCreateRoutes } from './users-create.routes.js';
import { usersInfoRoutes } from './users-info.routes.js';
import { usersReadRoutes } from './users-read.routes.js';
import { usersUpdateRoutes } from './users-update.routes.js';

/** Every `/api/…/users*` route (contacts-users §2.10–2.19, §2.22). */
export function usersRoutes(s: Pick<Services, 'users' | 'access' | 'couch' | 'logger'>): Router {
  const router = apiRouter();
  router.use(usersReadRoutes({ lister: s.users.lister, access: s.access }));
  router.use(usersCreateRoutes({ users: s.users, access: s.access, couch: s.couch, logger: s.logger }));
  router.use(usersUpdateRoutes({ users: s.users, access: s.access, couch: s.couch }));
  router.use(usersInfoRoutes({ info: s.users.info, access: s.access }));
  return router;
}
