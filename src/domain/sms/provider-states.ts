/** How each SMS provider's statuses map to task states (settings spec §6.2, §6.3; clients.md §3). */
import type { StateChange } from './task-states.js';

/** cht-gateway status → task state; `UNSENT` is a real status (the gateway stored the message). */
const GATEWAY_STATES: Readonly<Record<string, string>> = {
  UNSENT: 'received-by-gateway',
  PENDING: 'forwarded-by-gateway',
  SENT: 'sent',
  DELIVERED: 'delivered',
  FAILED: 'failed',
};

/** One cht-gateway status update as a change; an unknown or missing status is `unrecognised`. */
export function gatewayUpdateChange(update: { id?: unknown; status?: unknown; reason?: unknown }): StateChange {
  const messageId = String(update.id);
  const state = typeof update.status === 'string' ? GATEWAY_STATES[update.status] : undefined;
  if (!state) return { messageId, state: 'unrecognised', details: { gateway_status: update.status } };
  return { messageId, state, details: update.reason == null ? undefined : { reason: update.reason } };
}

/** Africa's Talking delivery report status → task state. */
export const AT_DELIVERY_STATES: Readonly<Record<string, string>> = {
  Sent: 'forwarded-by-gateway',
  Submitted: 'sent',
  Buffered: 'sent',
  Rejected: 'failed',
  Success: 'delivered',
  Failed: 'failed',
};

/** What a send answer means: a new state with details, or "try again later" with no change. */
export type SendOutcome = { state: string; details: string } | { retry: true; details: string };

/** Africa's Talking `Recipients[0].statusCode` of a send (their documented status names as details). */
const AT_SEND_CODES: Readonly<Record<number, SendOutcome>> = {
  100: { state: 'forwarded-by-gateway', details: 'Processed' },
  101: { state: 'sent', details: 'Sent' },
  102: { state: 'received-by-gateway', details: 'Queued' },
  401: { state: 'failed', details: 'RiskHold' },
  402: { retry: true, details: 'InvalidSenderId' },
  403: { state: 'failed', details: 'InvalidPhoneNumber' },
  404: { state: 'failed', details: 'UnsupportedNumberType' },
  405: { retry: true, details: 'InsufficientBalance' },
  406: { state: 'denied', details: 'UserInBlacklist' },
  407: { state: 'failed', details: 'CouldNotRoute' },
  500: { retry: true, details: 'InternalServerError' },
  501: { retry: true, details: 'GatewayError' },
  502: { retry: true, details: 'RejectedByGateway' },
};

/** The outcome of an Africa's Talking status code; an unknown code is retried, like the reference. */
export function atSendOutcome(statusCode: unknown): SendOutcome {
  return AT_SEND_CODES[Number(statusCode)] ?? { retry: true, details: `Unknown status code ${String(statusCode)}` };
}

/** RapidPro broadcast/message status → task state; `errored` is retried by RapidPro itself. */
const RAPIDPRO_STATES: Readonly<Record<string, { state: string; details: string }>> = {
  queued: { state: 'received-by-gateway', details: 'Queued' },
  wired: { state: 'forwarded-by-gateway', details: 'Wired' },
  sent: { state: 'sent', details: 'Sent' },
  resent: { state: 'sent', details: 'Resent' },
  delivered: { state: 'delivered', details: 'Delivered' },
  errored: { state: 'received-by-gateway', details: 'Errored' },
  failed: { state: 'failed', details: 'Failed' },
};

/** A RapidPro status as a state; a missing status counts as `queued` (cht-core#9467), unknown ones too. */
export function rapidProState(status: unknown): { state: string; details: string } {
  return (typeof status === 'string' && RAPIDPRO_STATES[status]) || (RAPIDPRO_STATES.queued as { state: string; details: string });
}

/** States a RapidPro message can still leave, so they are polled. */
export const RAPIDPRO_NON_FINAL_STATES: readonly string[] = ['received-by-gateway', 'forwarded-by-gateway', 'sent'];
