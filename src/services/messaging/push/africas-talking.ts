import { atSendOutcome } from '../../../domain/sms/provider-states.js';
import { callProvider, failedCall } from './provider-call.js';
import type { PushProvider, QueuedSms, SendResult } from './push-provider.js';

export const AT_LIVE_URL = 'https://api.africastalking.com';
export const AT_SANDBOX_URL = 'https://api.sandbox.africastalking.com';

export interface AfricasTalkingOptions {
  username: string;
  apiKey: string;
  /** `sms.reply_to`: the sender id or short code. */
  from?: string;
  /** Base URL; by default the live API, or the sandbox for the `sandbox` user (clients.md §3.2). */
  baseUrl?: string;
}

interface AtAnswer {
  SMSMessageData?: { Recipients?: Array<{ statusCode?: unknown; messageId?: unknown; status?: unknown }> };
}

/** Africa's Talking bulk SMS: `POST /version1/messaging`, form body, `apikey` header (settings spec §6.7). */
export function africasTalking(options: AfricasTalkingOptions): PushProvider {
  const base = (options.baseUrl ?? (options.username === 'sandbox' ? AT_SANDBOX_URL : AT_LIVE_URL)).replace(/\/+$/, '');
  return {
    name: 'africas-talking',
    async send(sms: QueuedSms): Promise<SendResult> {
      const form = new URLSearchParams({ username: options.username, to: sms.to, message: sms.content });
      if (options.from) form.set('from', options.from);
      const result = await callProvider(`${base}/version1/messaging`, {
        method: 'POST',
        headers: { apikey: options.apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      if (!result.ok) return failedCall(result);
      if (result.status < 200 || result.status >= 300) return { kind: 'retry', reason: `HTTP ${result.status}` };
      const recipient = (result.body as AtAnswer)?.SMSMessageData?.Recipients?.[0];
      if (!recipient) return { kind: 'retry', reason: 'no recipient in the answer' };
      const outcome = atSendOutcome(recipient.statusCode);
      if ('retry' in outcome) return { kind: 'retry', reason: outcome.details };
      const ref = typeof recipient.messageId === 'string' && recipient.messageId && recipient.messageId !== 'None' ? recipient.messageId : undefined;
      return { kind: 'state', state: outcome.state, details: outcome.details, gatewayRef: ref };
    },
  };
}
