import type { Config } from '../../config.js';
import type { Couch } from '../../db/couch.js';
import type { Logger } from '../../logger.js';
import { CredentialsService } from '../credentials/credentials-service.js';
import type { DocumentProcessor } from '../records/document-processor.js';
import { RecordSaver } from '../records/record-saver.js';
import { RecordsService } from '../records/records-service.js';
import { TranslationService } from '../records/translations.js';
import type { SettingsService } from '../settings-service.js';
import { GatewayService } from './gateway-service.js';
import { IncomingMessages } from './incoming-messages.js';
import { MessageStates } from './message-states.js';
import { OutgoingPush } from './push/outgoing-push.js';

/** Records, SMS and the credentials vault (settings spec §5, §6; contacts-users §2.21). */
export interface MessagingServices {
  records: RecordsService;
  credentials: CredentialsService;
  states: MessageStates;
  incoming: IncomingMessages;
  gateway: GatewayService;
  /** Background sender for Africa's Talking and RapidPro: started and stopped by `server.ts`. */
  push: OutgoingPush;
}

/** Wires the records and SMS services; `processors` run on every new record before it is saved. */
export function createMessagingServices(deps: {
  config: Config;
  couch: Couch;
  settings: SettingsService;
  logger: Logger;
  processors: readonly DocumentProcessor[];
}): MessagingServices {
  const { config, couch, settings } = deps;
  const logger = deps.logger.child({ service: 'messaging' });
  const saver = new RecordSaver({ couch, processors: deps.processors, logger });
  const records = new RecordsService({ settings, translations: new TranslationService({ couch }), saver });
  const credentials = new CredentialsService({ couch });
  const states = new MessageStates({ couch, logger });
  const incoming = new IncomingMessages({ couch, records, saver, logger });
  const gateway = new GatewayService({ couch, settings, incoming, states });
  const push = new OutgoingPush({
    couch,
    settings,
    credentials,
    states,
    logger,
    intervalMs: config.sms.pushIntervalMs,
    africasTalkingUrl: config.sms.africasTalkingUrl,
  });
  saver.onSaved(push);
  return { records, credentials, states, incoming, gateway, push };
}
