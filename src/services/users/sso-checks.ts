import type { CouchDb } from '../../db/couch-db.js';
import type { AppSettings } from '../../domain/settings.js';
import { oidcDuplicateError, plainBadRequest } from '../../domain/users/user-errors.js';

/** SSO (OIDC) rules of a user payload (contacts-users §2.13.4, §2.15 step 6). */
export class SsoChecks {
  constructor(private readonly deps: { users: CouchDb }) {}

  /**
   * Throws the first SSO rule broken by a user with `oidc_username`: no password or token login,
   * OIDC configured, and no other user (`exceptId` is the user being updated) with the same name.
   */
  async check(settings: AppSettings, user: { oidc_username?: unknown; password?: unknown; token_login?: unknown }, exceptId?: string): Promise<void> {
    const oidc = user.oidc_username;
    if (!oidc) return;
    if (user.password || user.token_login === true) throw plainBadRequest('Cannot set password or token_login with oidc_username.');
    if (!settings.oidc_provider) throw plainBadRequest('Cannot set oidc_username when OIDC Login is not enabled.');
    const { rows } = await this.deps.users.view('users', 'users_by_field', { key: ['oidc_username', oidc] });
    const other = rows.find((r) => r.id !== exceptId);
    if (other) throw oidcDuplicateError(String(oidc), other.id);
  }
}
