/** Reading a user-management payload: missing fields, facilities, contact ids (contacts-users §2.13.2, §2.13.6 step 6). Pure. */
import { isOfflineRoleList, type PermissionSettings } from '../permissions.js';
import { isRecord } from '../objects.js';
import { isRoleList, payloadRoles } from './roles.js';

/** A create or update body: open-ended JSON. */
export type UserPayload = Record<string, unknown>;

/** The `_id` prefix of both user docs (`_users` and the user-settings doc). */
export const USER_ID_PREFIX = 'org.couchdb.user:';

/** `org.couchdb.user:<name>`. */
export const userDocId = (name: string) => `${USER_ID_PREFIX}${name}`;

/** Lower-case letters, digits, `_` and `-` only (§2.13.6 step 1). */
export const USERNAME_PATTERN = /^[a-z0-9_-]+$/;

/** Falsy, an array of falsy values, or an object whose values are all falsy (§2.13.2). */
export function isMissing(value: unknown): boolean {
  if (!value) return true;
  if (Array.isArray(value)) return value.every((v) => !v);
  if (isRecord(value)) return Object.values(value).every((v) => !v);
  return false;
}

/** The token-login settings (§2.18). */
export function tokenLoginEnabled(settings: Record<string, unknown>): boolean {
  return !!(settings.token_login as { enabled?: unknown } | undefined)?.enabled;
}

/** Token login is requested and enabled: the user logs in by SMS link (§2.13.2). */
export function wantsTokenLogin(settings: Record<string, unknown>, data: UserPayload): boolean {
  return tokenLoginEnabled(settings) && data.token_login === true;
}

/** The missing required fields of a create, in the reference's order (§2.13.2). */
export function missingFields(settings: PermissionSettings & Record<string, unknown>, data: UserPayload): string[] {
  const required = ['username'];
  if (wantsTokenLogin(settings, data)) required.push('phone');
  else if (!data.oidc_username) required.push('password');
  const roles = payloadRoles(data);
  const hasRoles = isRoleList(roles) && roles.length > 0;
  if (hasRoles && isOfflineRoleList(settings, roles)) required.push('place', 'contact');
  const missing = required.filter((field) => isMissing(data[field]));
  if (!hasRoles && isMissing(roles)) missing.push('type or roles');
  return missing;
}

/**
 * `facility_id` of a `place` value: an array of ids (falsy ones dropped), `null` when empty or when
 * `place` is null, undefined when `place` is undefined (§2.13.6 step 6). A place object gives its `_id`.
 */
export function facilityIds(place: unknown): string[] | null | undefined {
  if (place === undefined) return undefined;
  if (place === null) return null;
  const list = Array.isArray(place) ? place : [place];
  const ids = list.map((p) => (isRecord(p) ? p._id : p)).filter((id): id is string => typeof id === 'string' && id !== '');
  return ids.length ? ids : null;
}

/** `contact_id` of a `contact` value: its id (or the object's `_id`), `null` for null, undefined when absent. */
export function contactIdOf(contact: unknown): string | null | undefined {
  if (contact === undefined) return undefined;
  if (contact === null) return null;
  const id = isRecord(contact) ? contact._id : contact;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A stored `facility_id` (array since 4.9, a string before) as an array. */
export function asIdList(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}
