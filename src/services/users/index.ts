import type { Couch } from '../../db/couch.js';
import type { Logger } from '../../logger.js';
import type { ContactServices } from '../contacts/index.js';
import { TranslationService } from '../records/translations.js';
import type { SessionService } from '../session-service.js';
import type { SettingsService } from '../settings-service.js';
import { BatchPlaceReader, freeNamesOf } from './batch-context.js';
import { BulkUserCreator } from './bulk-creator.js';
import { FacilityChecks } from './facility-checks.js';
import { ReplicationCounter } from './replication-counter.js';
import { SsoChecks } from './sso-checks.js';
import { TokenIssuer } from './token-issuer.js';
import { TokenLogin } from './token-login.js';
import { UserCreator } from './user-creator.js';
import { UserDeleter } from './user-deleter.js';
import { UserLister } from './user-lister.js';
import { UserUpdater } from './user-updater.js';
import { UserWriter } from './user-writer.js';
import { UsersInfo } from './users-info.js';

/** Users: lists, creation (single, array, CSV), update, delete, users-info, token login (contacts-users §2.10–2.19, §2.22). */
export interface UserServices {
  lister: UserLister;
  creator: UserCreator;
  bulk: BulkUserCreator;
  updater: UserUpdater;
  deleter: UserDeleter;
  info: UsersInfo;
  tokenLogin: TokenLogin;
}

/** Builds the user services over `_users`, the main database and the logs database. */
export function createUserServices(deps: {
  couch: Couch;
  settings: SettingsService;
  contacts: ContactServices;
  sessions: SessionService;
  logger: Logger;
}): UserServices {
  const { couch, settings, contacts, sessions } = deps;
  const logger = deps.logger.child({ service: 'users' });
  const { users, medic } = couch;
  const sso = new SsoChecks({ users });
  const facilities = new FacilityChecks({ medic });
  const tokens = new TokenIssuer({ couch, translations: new TranslationService({ couch }) });
  const writer = new UserWriter({ users, medic, logger });
  const creator = new UserCreator({ settings, contacts, medic, users, sso, facilities, tokens, writer, logger });
  return {
    lister: new UserLister({ users, medic }),
    creator,
    bulk: new BulkUserCreator({
      creator,
      batch: async (list) => ({ reader: new BatchPlaceReader({ settings, lineage: contacts.lineage }), freeNames: await freeNamesOf(list, { users, medic }) }),
    }),
    updater: new UserUpdater({ couch, settings, sso, facilities, tokens, writer, sessions, logger }),
    deleter: new UserDeleter({ users, medic, sessions }),
    info: new UsersInfo({ couch, settings, counter: new ReplicationCounter({ couch, logger }) }),
    tokenLogin: new TokenLogin({ couch, settings, sessions, logger }),
  };
}
