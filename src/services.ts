import type { Config } from './config.js';
import { DEFAULT_PERMISSIONS } from './bootstrap/default-settings.js';
import type { Couch } from './db/couch.js';
import { Passthrough } from './db/passthrough.js';
import type { Logger } from './logger.js';
import { Metrics } from './middleware/metrics.js';
import { API_VERSION } from './routes/info/info.routes.js';
import { AccessService } from './services/access-service.js';
import { createContactServices, type ContactServices } from './services/contacts/index.js';
import { DeployInfoService } from './services/deploy-info-service.js';
import { createMessagingServices, type MessagingServices } from './services/messaging/index.js';
import type { DocumentProcessor } from './services/records/document-processor.js';
import { RateLimiter } from './services/rate-limiter.js';
import { SessionService } from './services/session-service.js';
import { SettingsService } from './services/settings-service.js';
import { SettingsWatcher } from './services/settings-watcher.js';
import { createUserServices, type UserServices } from './services/users/index.js';

/** Everything the routes use, built once (the composition root). */
export interface Services {
  config: Config;
  logger: Logger;
  couch: Couch;
  metrics: Metrics;
  sessions: SessionService;
  limiter: RateLimiter;
  settings: SettingsService;
  settingsWatcher: SettingsWatcher;
  access: AccessService;
  deployInfo: DeployInfoService;
  passthrough: Passthrough;
  messaging: MessagingServices;
  contacts: ContactServices;
  users: UserServices;
}

export function createServices(config: Config, couch: Couch, logger: Logger): Services {
  // run on every new record before it is saved: the reference's synchronous transitions (settings spec §5.5), none yet
  const documentProcessors: DocumentProcessor[] = [];
  const settings = new SettingsService({ couch, logger: logger.child({ service: 'settings' }), defaultPermissions: DEFAULT_PERMISSIONS });
  const sessions = new SessionService({ couch, ttlMs: config.sessionCacheMs });
  const contacts = createContactServices({ couch, settings, logger });
  return {
    config,
    logger,
    couch,
    metrics: new Metrics(API_VERSION),
    sessions,
    limiter: new RateLimiter(),
    settings,
    settingsWatcher: new SettingsWatcher({ couch, settings, logger: logger.child({ service: 'settings' }) }),
    access: new AccessService({ settings }),
    deployInfo: new DeployInfoService({ couch }),
    passthrough: new Passthrough({ serverUrl: couch.serverUrl, dispatcher: couch.dispatcher }),
    messaging: createMessagingServices({ config, couch, settings, logger, processors: documentProcessors }),
    contacts,
    users: createUserServices({ couch, settings, contacts, sessions, logger }),
  };
}
