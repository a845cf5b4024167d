/** The query of `GET /api/v1/users-info` for online callers (contacts-users §2.17). Pure. */
import { BadRequestError } from '../../errors.js';
import { ADMIN_ROLES, ONLINE_ROLE } from '../permissions.js';

/** The user a count is made for: named (an offline caller) or synthetic (an online caller's query). */
export interface ReplicationUser {
  name?: string;
  roles: string[];
  facilityIds: string[];
  contactId?: string;
}

/** `role`: JSON (a string or an array of strings), or else taken as one role name. */
export function parseRoleParam(raw: unknown): string[] {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
  }
  if (typeof value === 'string') value = [value];
  if (!Array.isArray(value)) throw new BadRequestError('Role parameter must be either a string or a JSON encoded array');
  if (value.some((r) => typeof r !== 'string')) throw new BadRequestError('All roles should be strings');
  return value as string[];
}

/** The synthetic user of an online caller's query: 400s for missing params and online roles. */
export function queriedUser(query: Record<string, unknown>): ReplicationUser {
  const { role, facility_id: facility, contact_id: contact } = query;
  if (!role || !facility) throw new BadRequestError('Missing required query params: role and/or facility_id');
  const roles = parseRoleParam(role);
  if (roles.some((r) => r === ONLINE_ROLE || ADMIN_ROLES.includes(r))) throw new BadRequestError('Provided role is not offline');
  const facilityIds = (Array.isArray(facility) ? facility : [facility]).filter((f): f is string => typeof f === 'string' && f !== '');
  return { roles, facilityIds, contactId: typeof contact === 'string' && contact ? contact : undefined };
}
