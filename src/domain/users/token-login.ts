/** Token login (SMS login) data: tokens, the `token:login:*` doc and its two SMS tasks (contacts-users §2.18). */
import { randomBytes } from 'node:crypto';
import type { Doc } from '../../db/types.js';
import { setTaskState, type MessageTask } from '../sms/task-states.js';
import { randomString } from './password.js';
import { userDocId } from './user-payload.js';

/** Tokens are 64 characters of the password alphabet (§2.18). */
export const TOKEN_LENGTH = 64;
/** A token works for 24 hours (§2.18). */
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Candidates tried before giving up on a free token id. */
export const TOKEN_CANDIDATES = 10;

/** `token:login:<token>`. */
export const tokenDocId = (token: string) => `token:login:${token}`;

/** A doc id as it may be logged: the token of a `token:login:*` id is blanked (the id is the secret). */
export function loggableDocId(id: string): string {
  return id.startsWith('token:login:') ? 'token:login:[redacted]' : id;
}

/** A new 64-character token over the password alphabet. */
export const newToken = () => randomString(TOKEN_LENGTH);

/** The login link of the second SMS: `/medic/` is hard-coded whatever the database name (§6.15). */
export function tokenLoginUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/medic/login/token/${token}`;
}

/** An RFC 9562 version 7 UUID: 48 bits of Unix milliseconds, then random bits. */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One pending SMS task, in the shape the gateway queue (`medic/messages_by_state`) serves. */
function smsTask(to: string, message: string, now: Date): MessageTask {
  return {
    messages: [{ uuid: uuidv7(now.getTime()), to, message }],
    state: 'pending',
    state_history: [{ state: 'pending', timestamp: now.toISOString() }],
  };
}

/** The token doc: the configured help text, then the link (§2.18). */
export function tokenLoginDoc(input: { token: string; username: string; phone: string; helpText: string; appUrl: string; now: Date }): Doc {
  const { token, username, phone, helpText, appUrl, now } = input;
  return {
    _id: tokenDocId(token),
    type: 'token_login',
    reported_date: now.getTime(),
    user: userDocId(username),
    tasks: [smsTask(phone, helpText, now), smsTask(phone, tokenLoginUrl(appUrl, token), now)],
  };
}

/** Marks the still-pending tasks of an old token doc `cleared`; true when something changed. */
export function clearPendingTasks(doc: Doc, now: Date): boolean {
  const tasks = Array.isArray(doc.tasks) ? (doc.tasks as MessageTask[]) : [];
  return tasks.filter((t) => t?.state === 'pending').map((t) => setTaskState(t, 'cleared', undefined, undefined, now)).some(Boolean);
}
