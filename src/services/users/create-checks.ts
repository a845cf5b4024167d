import { isRecord } from '../../domain/objects.js';
import { hasPermissions } from '../../domain/permissions.js';
import type { AppSettings } from '../../domain/settings.js';
import { passwordError, randomPassword } from '../../domain/users/password.js';
import { isRoleList, payloadRoles, withOnlineRole } from '../../domain/users/roles.js';
import { badRequest, missingFieldsError, plainBadRequest, usernameInvalidError } from '../../domain/users/user-errors.js';
import { isMissing, missingFields, USERNAME_PATTERN, wantsTokenLogin, type UserPayload } from '../../domain/users/user-payload.js';
import type { SsoChecks } from './sso-checks.js';
import { tokenLoginSetup, type TokenLoginSetup } from './token-setup.js';

/** A create payload that passed every check not needing places or contacts. */
export interface CheckedUser {
  name: string;
  /** The payload with `phone` normalised and generated passwords filled in. */
  data: UserPayload;
  /** Final roles, `mm-online` maintained. */
  roles: string[];
  password: string;
  passwordChangeRequired: boolean;
  /** Present when token login is being enabled. */
  tokenLogin?: TokenLoginSetup;
}

/**
 * The checks of a new user in the reference's order (contacts-users §2.13.2–2.13.5, §2.13.6 step 1):
 * required fields, token-login phone, SSO, password, user name. The name's availability is checked by the caller.
 */
export async function checkNewUser(settings: AppSettings, sso: SsoChecks, input: unknown): Promise<CheckedUser> {
  const data: UserPayload = isRecord(input) ? { ...input } : {};
  // cht-conf sends `{name:'', type:'', parent:''}` for empty place columns: an empty object is no place (docs/compatibility.md)
  for (const key of ['place', 'contact']) if (isRecord(data[key]) && isMissing(data[key])) delete data[key];
  const missing = missingFields(settings, data);
  if (missing.length) throw missingFieldsError(missing);
  const roles = payloadRoles(data);
  if (!isRoleList(roles)) throw plainBadRequest('Roles must be an array of strings.');

  const tokenLogin = wantsTokenLogin(settings, data) ? tokenLoginSetup(settings, data.phone) : undefined;
  if (tokenLogin) {
    data.phone = tokenLogin.phone;
    data.password = tokenLogin.password;
  }
  await sso.check(settings, data);
  if (data.oidc_username) data.password = randomPassword();

  const weak = passwordError(data.password);
  if (weak) throw badRequest(weak.message, weak.translationKey, weak.translationParams);
  if (typeof data.username !== 'string' || !USERNAME_PATTERN.test(data.username)) throw usernameInvalidError();

  const finalRoles = withOnlineRole(settings, roles);
  // §2.13.6 step 8: an explicit false, token login and SSO never ask; otherwise unless `can_skip_password_change`
  const passwordChangeRequired =
    data.password_change_required === false || !!tokenLogin || !!data.oidc_username
      ? false
      : !hasPermissions(settings, ['can_skip_password_change'], finalRoles);
  return { name: data.username, data, roles: finalRoles, password: data.password as string, passwordChangeRequired, tokenLogin };
}
