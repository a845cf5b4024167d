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

type Deps = { credentials: CredentialsService; logger: Logger; africasTalkingUrl?: string };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** Is this an absolute http(s) URL that `fetch` can call? */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The outgoing credential of a provider; logged when missing (messages stay pending). */
async function outgoingSecret(deps: Deps, key: string, what: string): Promise<string | undefined> {
  const secret = await deps.credentials.get(key);
  if (!secret) deps.logger.warn(`No ${what} (credential ${key}): messages stay pending`);
  return secret;
}

/**
 * The push provider that `sms.outgoing_service` names, with its outgoing credential; undefined
 * when the service is cht-gateway (pull) or is not fully configured (logged, nothing is claimed).
 * Called once per cycle, so a misconfiguration is logged once per cycle.
 */
export async function configuredProvider(settings: Record<string, unknown>, deps: Deps): Promise<PushProvider | undefined> {
  const sms = (settings.sms ?? {}) as SmsSettings;
  switch (sms.outgoing_service) {
    case 'africas-talking': {
      const username = text(sms.africas_talking?.username);
      const apiKey = username && (await outgoingSecret(deps, 'africastalking.com:outgoing', "Africa's Talking outgoing key"));
      return username && apiKey ? africasTalking({ username, apiKey, from: text(sms.reply_to), baseUrl: deps.africasTalkingUrl }) : undefined;
    }
    case 'rapidpro': {
      const url = text(sms.rapidpro?.url);
      if (url && !isHttpUrl(url)) {
        deps.logger.warn({ url }, 'sms.rapidpro.url is not an http(s) URL: messages stay pending');
        return undefined;
      }
      const apiToken = url && (await outgoingSecret(deps, 'rapidpro:outgoing', 'RapidPro outgoing token'));
      return url && apiToken ? rapidPro({ url, apiToken }) : undefined;
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
