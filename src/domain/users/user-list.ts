/** Items of the users lists and of `GET /api/v2/users/{username}` (contacts-users §2.10–2.12). Pure. */
import type { Doc } from '../../db/types.js';
import { asIdList } from './user-payload.js';

/** One user of the lists (§2.11): undefined keys are left out of the JSON. */
export interface UserItem {
  id: string;
  rev?: string;
  username?: unknown;
  fullname?: unknown;
  email?: unknown;
  phone?: unknown;
  place: Array<Doc | null> | null;
  roles?: unknown;
  contact?: Doc;
  external_id?: unknown;
  known?: unknown;
  oidc_username?: unknown;
  type?: unknown;
}

/** The ids of the facilities and contact an item needs, to fetch them all in one `_all_docs`. */
export function relatedIds(user: Doc): string[] {
  const contact = typeof user.contact_id === 'string' && user.contact_id ? [user.contact_id] : [];
  return [...asIdList(user.facility_id), ...contact];
}

/** An item from the `_users` doc, the user-settings doc and the raw facility/contact docs by id (§2.11). */
export function userItem(user: Doc, settings: Doc | undefined, docs: ReadonlyMap<string, Doc>): UserItem {
  const s: Partial<Doc> = settings ?? {};
  const facilities = asIdList(user.facility_id);
  const contactId = typeof user.contact_id === 'string' ? user.contact_id : undefined;
  const item: UserItem = {
    id: user._id,
    rev: user._rev,
    username: user.name,
    fullname: s.fullname,
    email: s.email,
    phone: s.phone,
    place: facilities.length ? facilities.map((id) => docs.get(id) ?? null) : null,
    roles: user.roles,
    contact: contactId ? docs.get(contactId) : undefined,
    external_id: s.external_id,
    known: user.known,
    oidc_username: user.oidc_username,
  };
  return item;
}

/** The deprecated v1 shape: `type = roles[0]` (or `unknown`), no `roles` (§2.10). */
export function v1Item(item: UserItem): UserItem {
  const { roles, ...rest } = item;
  const first = Array.isArray(roles) ? (roles[0] as unknown) : undefined;
  return { ...rest, type: first ?? 'unknown' };
}
