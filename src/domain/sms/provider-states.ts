/**
 * How each SMS provider's statuses map to task states (settings spec §6.2, §6.3; clients.md §3).
 * Statuses come from outside, so the tables are `Map`s: `constructor` or `__proto__` is just unknown.
 */
import type { StateChange } from './task-states.js';

/** cht-gateway status → task state; `UNSENT` is a real status (the gateway stored the message). */
const GATEWAY_STATES: ReadonlyMap<string, string> = new Map([
  ['UNSENT', 'received-by-gateway'],
  ['PENDING', 'forwarded-by-gateway'],
  ['SENT', 'sent'],
  ['DELIVERED', 'delivered'],
  ['FAILED', 'failed'],
]);

/** One cht-gateway status update as a change; an unknown or missing status is `unrecognised`. */
export function gatewayUpdateChange(update: { id?: unknown; status?: unknown; reason?: unknown }): StateChange {
  const messageId = String(update.id);
  const state = typeof update.status === 'string' ? GATEWAY_STATES.get(update.status) : undefined;
  if (!state) return { messageId, state: 'unrecognised', details: { gateway_status: update.status } };
  return { messageId, state, details: update.reason == null ? undefined : { reason: update.reason } };
}

/** Africa's Talking delivery report status → task state. */
const AT_DELIVERY_STATES: ReadonlyMap<string, string> = new Map([
  ['Sent', 'forwarded-by-gateway'],
  ['Submitted', 'sent'],
  ['Buffered', 'sent'],
  ['Rejected', 'failed'],
  ['Success', 'delivered'],
  ['Failed', 'failed'],
]);

/** The task state of an Africa's Talking delivery report status; undefined when it is not one of theirs. */
export function atDeliveryState(status: unknown): string | undefined {
  return typeof status === 'string' ? AT_DELIVERY_STATES.get(status) : undefined;
}

/** What a send answer means: a new state with details, or "try again later" with no change. */
export type SendOutcome = { state: string; details: string } | { retry: true; details: string };

/** Africa's Talking `Recipients[0].statusCode` of a send (their documented status names as details). */
const AT_SEND_CODES: ReadonlyMap<number, SendOutcome> = new Map<number, SendOutcome>([
  [100, { state: 'forwarded-by-gateway', details: 'Processed' }],
  [101, { state: 'sent', details: 'Sent' }],
  [102, { state: 'received-by-gateway', details: 'Queued' }],
  [401, { state: 'failed', details: 'RiskHold' }],
  [402, { retry: true, details: 'InvalidSenderId' }],
  [403, { state: 'failed', details: 'InvalidPhoneNumber' }],
  [404, { state: 'failed', details: 'UnsupportedNumberType' }],
  [405, { retry: true, details: 'InsufficientBalance' }],
  [406, { state: 'denied', details: 'UserInBlacklist' }],
  [407, { state: 'failed', details: 'CouldNotRoute' }],
  [500, { retry: true, details: 'InternalServerError' }],
  [501, { retry: true, details: 'GatewayError' }],
  [502, { retry: true, details: 'RejectedByGateway' }],
]);

/** The outcome of an Africa's Talking status code; an unknown code is retried, like the reference. */
export function atSendOutcome(statusCode: unknown): SendOutcome {
  return AT_SEND_CODES.get(Number(statusCode)) ?? { retry: true, details: `Unknown status code ${String(statusCode)}` };
}

type RapidProState = { state: string; details: string };

const RAPIDPRO_QUEUED: RapidProState = { state: 'received-by-gateway', details: 'Queued' };

/** RapidPro broadcast/message status → task state; `errored` is retried by RapidPro itself. */
const RAPIDPRO_STATES: ReadonlyMap<string, RapidProState> = new Map([
  ['queued', RAPIDPRO_QUEUED],
  ['wired', { state: 'forwarded-by-gateway', details: 'Wired' }],
  ['sent', { state: 'sent', details: 'Sent' }],
  ['resent', { state: 'sent', details: 'Resent' }],
  ['delivered', { state: 'delivered', details: 'Delivered' }],
  ['errored', { state: 'received-by-gateway', details: 'Errored' }],
  ['failed', { state: 'failed', details: 'Failed' }],
]);

/** A RapidPro status as a state; a missing status counts as `queued` (cht-core#9467), unknown ones too. */
export function rapidProState(status: unknown): RapidProState {
  return (typeof status === 'string' ? RAPIDPRO_STATES.get(status) : undefined) ?? RAPIDPRO_QUEUED;
}

/** States a RapidPro message can still leave, so they are polled. */
export const RAPIDPRO_NON_FINAL_STATES: readonly string[] = ['received-by-gateway', 'forwarded-by-gateway', 'sent'];
