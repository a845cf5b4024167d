import type { PouchDatabase } from '../pouch/pouch-types.js';
import type { UserCtx } from './context.js';

interface Section {
  names: string[];
  roles: string[];
}

/** A database's `_security`, with missing sections filled in. */
export interface SecurityObject {
  admins: Section;
  members: Section;
}

function section(value: unknown): Section {
  const v = (value ?? {}) as { names?: unknown; roles?: unknown };
  const strings = (list: unknown): string[] =>
    Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  return { names: strings(v.names), roles: strings(v.roles) };
}

/** Reads `_security` where pouchdb-security keeps it (`_local/_security`). */
export async function readSecurity(db: PouchDatabase): Promise<SecurityObject> {
  let security: unknown = {};
  try {
    security = (await db.get('_local/_security')).security ?? {};
  } catch {
    // no _security written yet: {}
  }
  return parseSecurity(security);
}

/** A raw `_security` value with missing sections filled in. */
export function parseSecurity(security: unknown): SecurityObject {
  const s = (security ?? {}) as { admins?: unknown; members?: unknown };
  return { admins: section(s.admins), members: section(s.members) };
}

export function isIn(userCtx: UserCtx, s: Section): boolean {
  return (userCtx.name !== null && s.names.includes(userCtx.name)) || s.roles.some((r) => userCtx.roles.includes(r));
}

/** Server admins and the database's own admins (names or roles in `admins`). */
export function isDbAdmin(userCtx: UserCtx, security: SecurityObject): boolean {
  return userCtx.roles.includes('_admin') || isIn(userCtx, security.admins);
}

/**
 * CouchDB 3 default (`default_security = admin_only`): a database whose `members` lists nobody
 * is for admins only. Otherwise members (by name or role) may read and write.
 */
export function isMember(userCtx: UserCtx, security: SecurityObject): boolean {
  const open = security.members.names.length > 0 || security.members.roles.length > 0;
  return open && isIn(userCtx, security.members);
}
