import { RAPIDPRO_NON_FINAL_STATES, rapidProState } from '../../../domain/sms/provider-states.js';
import { callProvider, failedCall } from './provider-call.js';
import type { PushProvider, QueuedSms, SendResult } from './push-provider.js';

export interface RapidProOptions {
  /** `sms.rapidpro.url`, the RapidPro server. */
  url: string;
  apiToken: string;
}

/** RapidPro: broadcasts to send, `messages.json?broadcast=` to poll (settings spec §6.7; clients.md §3.3). */
export function rapidPro(options: RapidProOptions): PushProvider {
  const base = options.url.replace(/\/+$/, '');
  const headers = { authorization: `Token ${options.apiToken}`, accept: 'application/json' };
  return {
    name: 'rapidpro',
    async send(sms: QueuedSms): Promise<SendResult> {
      const result = await callProvider(`${base}/api/v2/broadcasts.json`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ urns: [`tel:${sms.to}`], text: sms.content }),
      });
      if (!result.ok) return failedCall(result);
      // a refused broadcast is final: retrying it forever helps nobody (cht-core#9467)
      if (result.status === 400) return { kind: 'state', state: 'failed', details: 'Rejected by RapidPro (HTTP 400)' };
      if (result.status < 200 || result.status >= 300) return { kind: 'retry', reason: `HTTP ${result.status}` };
      const answer = (result.body ?? {}) as { id?: unknown; status?: unknown };
      return { kind: 'state', ...rapidProState(answer.status), gatewayRef: answer.id };
    },
    poll: {
      states: RAPIDPRO_NON_FINAL_STATES,
      async status(gatewayRef: unknown) {
        const result = await callProvider(`${base}/api/v2/messages.json?broadcast=${encodeURIComponent(String(gatewayRef))}`, { headers });
        if (!result.ok) return undefined;
        if (result.status === 429) return 'rate-limited';
        if (result.status !== 200) return undefined;
        const message = (result.body as { results?: Array<{ status?: unknown }> })?.results?.[0];
        return message ? rapidProState(message.status) : undefined;
      },
    },
  };
}
