import type { Express } from 'express';
import type { Services } from '../services.js';
import { contactsRoutes } from './contacts/contacts.routes.js';
import { credentialsRoutes } from './credentials/credentials.routes.js';
import { infoRoutes } from './info/info.routes.js';
import { loginRoutes } from './login/login.routes.js';
import { recordsRoutes } from './records/records.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { aggregatorRoutes } from './sms/aggregators.routes.js';
import { gatewayRoutes } from './sms/gateway.routes.js';
import { tokenLoginRoutes } from './login/token-login.routes.js';
import { usersRoutes } from './users/users.routes.js';

/** Every /api area and CHT-specific route, one line each; the CouchDB pass-through is mounted after these. */
export function mountRoutes(app: Express, s: Services): void {
  const dbName = s.couch.names.medic;
  app.use(infoRoutes({ access: s.access, deployInfo: s.deployInfo, couch: s.couch }));
  app.use(settingsRoutes({ settings: s.settings, access: s.access, dbName }));
  app.use(loginRoutes({ couch: s.couch, limiter: s.limiter, dbName }));
  app.use(contactsRoutes({ access: s.access, contacts: s.contacts }));
  app.use(recordsRoutes({ records: s.messaging.records, access: s.access }));
  app.use(gatewayRoutes({ gateway: s.messaging.gateway, access: s.access }));
  app.use(aggregatorRoutes(s.messaging));
  app.use(credentialsRoutes({ credentials: s.messaging.credentials, access: s.access }));
  app.use(usersRoutes(s));
  app.use(tokenLoginRoutes({ tokenLogin: s.users.tokenLogin, limiter: s.limiter, dbName }));
}
