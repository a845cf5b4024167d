/** Roles of a user payload: the deprecated `type`, and `mm-online` maintenance (contacts-users §2.13.1, §2.13.6 step 7). */
import { ownValue } from '../objects.js';
import { isOfflineRoleList, ONLINE_ROLE, type PermissionSettings } from '../permissions.js';

/** Legacy user types and the roles each adds after itself (§2.13.1). */
const LEGACY_TYPE_ROLES: Readonly<Record<string, readonly string[]>> = {
  'national-manager': ['kujua_user', 'data_entry', 'national_admin'],
  'district-manager': ['kujua_user', 'data_entry', 'district_admin'],
  'facility-manager': ['kujua_user', 'data_entry'],
  'data-entry': ['data_entry'],
  analytics: ['kujua_analytics'],
  gateway: ['kujua_gateway'],
};

/** The roles a deprecated `type` stands for: the type itself, then its legacy roles. */
export function rolesOfType(type: string): string[] {
  return [type, ...(ownValue(LEGACY_TYPE_ROLES, type) ?? [])];
}

/**
 * The roles of a payload: `type` (when given) overrides `roles`. Only a string type is expanded; any
 * other value is kept as the one role it is, so the roles check refuses it (never `"[object Object]"`).
 */
export function payloadRoles(data: { type?: unknown; roles?: unknown }): unknown {
  const { type } = data;
  if (type === undefined || type === null || type === '') return data.roles;
  return typeof type === 'string' ? rolesOfType(type) : [type];
}

/** True for a list of strings (the only roles CouchDB accepts). */
export function isRoleList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((r) => typeof r === 'string');
}

/** Offline roles lose `mm-online`; any other list gets it appended when missing (§2.13.6 step 7). */
export function withOnlineRole(settings: PermissionSettings, roles: readonly string[]): string[] {
  if (isOfflineRoleList(settings, roles)) return roles.filter((r) => r !== ONLINE_ROLE);
  return roles.includes(ONLINE_ROLE) ? [...roles] : [...roles, ONLINE_ROLE];
}
