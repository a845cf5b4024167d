import type { Logger } from '../../../logger.js';
import type { CredentialsService } from '../../credentials/credentials-service.js';
import { africasTalking } from './africas-talking.js';
import type { PushProvider } from './push-provider.js';
import { rapidPro } from './rapidpro.js';

interface SmsSettings {
  outgoing_service?: unknown;
  reply_to?: unknown;
  africas_talking?: { username?: unknown };
  rapidpro?: { url?: unknown };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * The push provider that `sms.outgoing_service` names, with its outgoing credential; undefined
 * when the service is cht-gateway (pull) or is not fully configured (logged, nothing is claimed).
 */
export async function configuredProvider(
  settings: Record<string, unknown>,
  deps: { credentials: CredentialsService; logger: Logger; africasTalkingUrl?: string },
): Promise<PushProvider | undefined> {
  const sms = (settings.sms ?? {}) as SmsSettings;
  switch (sms.outgoing_service) {
    case 'africas-talking': {
      const username = text(sms.africas_talking?.username);
      if (!username) return undefined;
      const apiKey = await deps.credentials.get('africastalking.com:outgoing');
      if (!apiKey) {
        deps.logger.warn("No Africa's Talking outgoing key (credential africastalking.com:outgoing): messages stay pending");
        return undefined;
      }
      return africasTalking({ username, apiKey, from: text(sms.reply_to), baseUrl: deps.africasTalkingUrl });
    }
    case 'rapidpro': {
      const url = text(sms.rapidpro?.url);
      if (!url) return undefined;
      const apiToken = await deps.credentials.get('rapidpro:outgoing');
      if (!apiToken) {
        deps.logger.warn('No RapidPro outgoing token (credential rapidpro:outgoing): messages stay pending');
        return undefined;
      }
      return rapidPro({ url, apiToken });
    }
    default:
      return undefined;
  }
}

/** Does this outgoing service push (so new pending messages should go out right away)? */
export function isPushService(settings: Record<string, unknown>): boolean {
  const service = (settings.sms as SmsSettings | undefined)?.outgoing_service;
  return service === 'africas-talking' || service === 'rapidpro';
}
