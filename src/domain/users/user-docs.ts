/** The two docs of a user: `_users/org.couchdb.user:<name>` and the user-settings doc (contacts-users §4.2, §4.3). Pure. */
import type { Doc } from '../../db/types.js';
import { userDocId } from './user-payload.js';

/** What a create or an update decided about a user, ready to be written. */
export interface UserFields {
  name: string;
  roles: string[];
  password?: string;
  passwordChangeRequired?: boolean;
  facilityId?: string[] | null;
  contactId?: string | null;
  known?: unknown;
  oidcUsername?: unknown;
  /** Only the settings doc: `fullname`, `email`, `phone`, `external_id`, `language` as given. */
  profile: Record<string, unknown>;
  /** Present when the payload carried `oidc_username` (§4.3 `oidc_login`). */
  oidcLogin?: boolean;
}

/** The token-login state kept on both docs (§2.18); the token itself only on the `_users` doc. */
export interface TokenLoginState {
  active: boolean;
  token: string;
  expiration_date: number;
  login_date?: number;
}

const defined = (entries: Array<[string, unknown]>) => Object.fromEntries(entries.filter(([, v]) => v !== undefined));

/** A new `_users` doc (§4.2): no profile fields, `password` write-only. */
export function newUserDoc(f: UserFields, token?: TokenLoginState): Doc {
  return defined([
    ['_id', userDocId(f.name)],
    ['name', f.name],
    ['type', 'user'],
    ['roles', f.roles],
    ['password', f.password],
    ['password_change_required', f.passwordChangeRequired],
    ['facility_id', f.facilityId],
    ['contact_id', f.contactId],
    ['known', f.known],
    ['oidc_username', f.oidcUsername],
    ['token_login', token],
  ]) as Doc;
}

/** A new user-settings doc of the main database (§4.3). */
export function newUserSettingsDoc(f: UserFields, token?: TokenLoginState): Doc {
  return defined([
    ['_id', userDocId(f.name)],
    ['name', f.name],
    ['type', 'user-settings'],
    ['roles', f.roles],
    ['facility_id', f.facilityId],
    ['contact_id', f.contactId],
    ...Object.entries(f.profile),
    ['known', f.known],
    ['oidc_login', f.oidcLogin],
    ['token_login', settingsTokenState(token)],
  ]) as Doc;
}

/** The settings doc's copy of the token state: everything but the token. */
export function settingsTokenState(token: TokenLoginState | undefined): Omit<TokenLoginState, 'token'> | undefined {
  if (!token) return undefined;
  const { token: _secret, ...rest } = token;
  return rest;
}

/** Profile fields stored on the settings doc only (§4.3). */
export const PROFILE_FIELDS = ['fullname', 'email', 'phone', 'external_id', 'language'] as const;

/** Payload fields an update copies as given onto the `_users` doc (§4.2). */
export const USER_DOC_FIELDS = ['known', 'oidc_username'] as const;

/** Payload fields an update copies as given onto the user-settings doc (§4.3): the profile, and `known` (on both docs). */
export const SETTINGS_DOC_FIELDS = [...PROFILE_FIELDS, 'known'] as const;

/** The profile fields a payload defines. */
export function profileOf(data: Record<string, unknown>): Record<string, unknown> {
  return defined(PROFILE_FIELDS.map((k) => [k, data[k]]));
}
