/** Role and permission rules of CHT (contacts-users §1.3). Pure functions, no I/O. */
import { ownValue } from './objects.js';

export const ADMIN_ROLES: readonly string[] = ['_admin', 'admin'];
export const ONLINE_ROLE = 'mm-online';

/** The parts of app settings the permission rules read. */
export interface PermissionSettings {
  roles?: Record<string, { name?: string; offline?: boolean } | undefined>;
  permissions?: Record<string, string[] | string | undefined>;
}

/**
 * The configuration of a role, looked up as an own key only: a role (or permission) name comes from
 * users and requests, and `constructor`, `toString`, `__proto__` must not find what every object inherits.
 */
const configuredRole = (settings: PermissionSettings, role: string) => ownValue(settings.roles, role);

export function isDbAdmin(roles: readonly string[] | undefined): boolean {
  return !!roles?.some((r) => ADMIN_ROLES.includes(r));
}

/** Request-time online check: only CouchDB roles count, `settings.roles` is not read (§1.3.1). */
export function isOnlineUser(roles: readonly string[] | undefined): boolean {
  return !!roles?.some((r) => r === ONLINE_ROLE || ADMIN_ROLES.includes(r));
}

/**
 * Write-time offline check (§1.3.1): a non-empty role list without admin/online roles where
 * no role is configured, or some configured role is `offline: true`.
 */
export function isOfflineRoleList(settings: PermissionSettings, roles: readonly string[] | undefined): boolean {
  if (!roles?.length || roles.some((r) => r === ONLINE_ROLE || ADMIN_ROLES.includes(r))) return false;
  const configured = roles.filter((r) => configuredRole(settings, r));
  return configured.length === 0 || configured.some((r) => configuredRole(settings, r)?.offline);
}

function roleList(value: string[] | string | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value : [];
}

/**
 * All `wanted` permissions held (a `!` prefix means "must not hold"). Admins hold every
 * permission; since 5.2.0 only roles configured in `settings.roles` grant anything (§1.3.2).
 */
export function hasPermissions(
  settings: PermissionSettings,
  wanted: string | readonly string[] | undefined,
  roles: readonly string[] | undefined,
): boolean {
  const perms = typeof wanted === 'string' ? [wanted] : wanted;
  if (!perms?.length || !Array.isArray(roles)) return false;
  const negated = perms.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const required = perms.filter((p) => !p.startsWith('!'));
  if (isDbAdmin(roles)) return negated.length === 0;
  const permissions = settings.permissions;
  if (!permissions || !Object.keys(permissions).length) return false;
  const effective = roles.filter((r) => configuredRole(settings, r));
  const granted = (perm: string) => roleList(ownValue(permissions, perm)).some((r) => effective.includes(r));
  return required.every(granted) && !negated.some(granted);
}
