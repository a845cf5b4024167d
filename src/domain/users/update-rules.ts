/** Rules of `POST /api/v1/users/{username}` about the request body (contacts-users §2.15). Pure. */
import { badRequest } from './user-errors.js';

/** What users may change about themselves without the update permissions (§2.15: a rule of its own, not a doc's field list). */
export const SELF_EDITABLE_FIELDS: readonly string[] = ['fullname', 'email', 'phone', 'known', 'password', 'token_login', 'language'];

/** An update must set at least one of these (unless `place` or `contact` is null). */
export const UPDATABLE_FIELDS: readonly string[] = [
  'password', 'known', 'place', 'contact', 'type', 'roles', 'oidc_username', 'fullname', 'email', 'phone', 'external_id', 'token_login', 'language',
];

/** Body keys a self-update may not touch. */
export function illegalSelfFields(body: Record<string, unknown>): string[] {
  return Object.keys(body).filter((k) => !SELF_EDITABLE_FIELDS.includes(k));
}

const hasValue = (v: unknown) => v !== undefined && v !== null;

/** 400 `fields.one.required` when nothing would change; a null `place` or `contact` counts as a change. */
export function nothingToUpdateError(body: Record<string, unknown>) {
  if (body.place === null || body.contact === null) return undefined;
  if (UPDATABLE_FIELDS.some((k) => hasValue(body[k]))) return undefined;
  return badRequest(`One of the following fields are required: ${UPDATABLE_FIELDS.join(', ')}`, 'fields.one.required');
}
