import type { Express } from 'express';
import type { Services } from '../services.js';
import { infoRoutes } from './info/info.routes.js';
import { loginRoutes } from './login/login.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';

/** Every /api area and CHT-specific route, one line each; the CouchDB pass-through is mounted after these. */
export function mountRoutes(app: Express, s: Services): void {
  const dbName = s.couch.names.medic;
  app.use(infoRoutes({ access: s.access, deployInfo: s.deployInfo, couch: s.couch }));
  app.use(settingsRoutes({ settings: s.settings, access: s.access, dbName }));
  app.use(loginRoutes({ couch: s.couch, limiter: s.limiter, dbName }));
}
