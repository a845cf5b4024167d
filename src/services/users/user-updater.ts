import type { Couch } from '../../db/couch.js';
import type { Doc } from '../../db/types.js';
import { hasPermissions, isOfflineRoleList } from '../../domain/permissions.js';
import type { AppSettings } from '../../domain/settings.js';
import { passwordError, randomPassword } from '../../domain/users/password.js';
import { isRoleList, payloadRoles, withOnlineRole } from '../../domain/users/roles.js';
import { illegalSelfFields, nothingToUpdateError } from '../../domain/users/update-rules.js';
import { SETTINGS_DOC_FIELDS, USER_DOC_FIELDS, type TokenLoginState } from '../../domain/users/user-docs.js';
import { badRequest, plainBadRequest } from '../../domain/users/user-errors.js';
import { asIdList, contactIdOf, facilityIds, tokenLoginEnabled, userDocId } from '../../domain/users/user-payload.js';
import { UnauthorizedError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SessionService } from '../session-service.js';
import type { SettingsService } from '../settings-service.js';
import type { FacilityChecks } from './facility-checks.js';
import type { SsoChecks } from './sso-checks.js';
import type { TokenIssuer } from './token-issuer.js';
import { tokenLoginSetup } from './token-setup.js';
import { updateTokenLogin } from './update-token-login.js';
import type { IdRev } from './user-creator.js';
import { readUserDocs } from './user-docs-read.js';
import type { UserWriter } from './user-writer.js';

/** The answer of an update (§2.15). */
export interface UpdateResponse {
  user: IdRev;
  'user-settings': IdRev;
  token_login?: { expiration_date: number };
}

/** Who asks, and with which rights. */
export interface UpdateOptions {
  /** The caller holds `can_edit` + `can_update_users` (else they update themselves: §2.15). */
  fullAccess: boolean;
  requestId: string;
  requestedBy: string;
}

/** Copies the defined body fields (null included) onto a doc. */
function copyDefined(target: Doc, body: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of keys) if (body[k] !== undefined) target[k] = body[k];
}

/**
 * `POST /api/v1/users/{username}` (contacts-users §2.15): checks in the reference's order, then the
 * `_users` doc, the user-settings doc and any token doc written together (`UserWriter`). Places and
 * contacts are never changed.
 */
export class UserUpdater {
  constructor(
    private readonly deps: {
      couch: Couch;
      settings: SettingsService;
      sso: SsoChecks;
      facilities: FacilityChecks;
      tokens: TokenIssuer;
      writer: UserWriter;
      sessions: SessionService;
      logger: Logger;
      now?: () => Date;
    },
  ) {}

  async update(username: string, body: Record<string, unknown>, options: UpdateOptions): Promise<UpdateResponse> {
    if (!options.fullAccess) {
      const illegal = illegalSelfFields(body);
      // the reference answers 401 here: the client only sees `unauthorized` (§2.15, §6.5)
      if (illegal.length) throw new UnauthorizedError(`You do not have permission to modify: ${illegal.join(',')}`);
    }
    const empty = nothingToUpdateError(body);
    if (empty) throw empty;
    if (body.password) {
      const weak = passwordError(body.password);
      if (weak) throw badRequest(weak.message, weak.translationKey, weak.translationParams);
    }
    const settings = await this.deps.settings.current();
    const givenRoles = body.type !== undefined || body.roles !== undefined ? payloadRoles(body) : undefined;
    if (givenRoles !== undefined && !isRoleList(givenRoles)) throw plainBadRequest('Roles must be an array of strings.');

    const id = userDocId(username);
    const { user: storedUser, settings: storedSettings } = await readUserDocs(this.deps.couch, username);

    const roles = givenRoles ? withOnlineRole(settings, givenRoles) : isRoleList(storedUser.roles) ? storedUser.roles : [];
    const facility = facilityIds(body.place);
    const contactId = contactIdOf(body.contact);
    const user: Doc = { ...storedUser, type: 'user' };
    const userSettings: Doc = { ...storedSettings, name: username, type: 'user-settings' };
    if (body.password) user.password = body.password;
    copyDefined(user, body, USER_DOC_FIELDS);
    copyDefined(userSettings, body, SETTINGS_DOC_FIELDS);
    if (givenRoles) user.roles = userSettings.roles = roles;
    if ('oidc_username' in body) userSettings.oidc_login = !!body.oidc_username;
    if (body.place !== undefined) user.facility_id = userSettings.facility_id = facility ?? null;
    if (body.contact !== undefined) user.contact_id = userSettings.contact_id = contactId ?? null;

    const hadToken = !!storedUser.token_login;
    if (body.token_login === false && hadToken && !body.password && !body.oidc_username) {
      throw badRequest('Password is required when disabling token login.', 'password.length.minimum');
    }
    const enabling = tokenLoginEnabled(settings) && body.token_login === true ? tokenLoginSetup(settings, userSettings.phone) : undefined;
    if (enabling) {
      userSettings.phone = enabling.phone;
      user.password = enabling.password;
    }
    if (['oidc_username', 'password', 'token_login'].some((k) => k in body)) await this.checkSso(settings, body, user, hadToken);
    if (user.password) {
      user.password_change_required =
        body.password_change_required === false || !options.fullAccess || !!enabling || !!user.oidc_username
          ? false
          : !hasPermissions(settings, ['can_skip_password_change'], roles);
    }
    await this.checkFacilities(settings, body, facility, contactId, roles, storedUser);
    if (user.password && (await this.isServerAdmin(username))) throw plainBadRequest('Admin passwords must be changed manually in the database');

    const tokenDocs = await updateTokenLogin(
      { medic: this.deps.couch.medic, tokens: this.deps.tokens, now: this.deps.now },
      { settings, username, user, userSettings, enabling, disabling: body.token_login === false && hadToken },
    );
    const written = await this.deps.writer.write({
      userDoc: user,
      userOriginal: storedUser,
      medicDocs: [userSettings, ...tokenDocs.docs],
      originals: new Map([[id, storedSettings], ...tokenDocs.originals]),
    });
    this.deps.sessions.forgetUser(username);
    this.deps.logger.info(
      `REQ ${options.requestId} - Updated user '${username}'. Setting field(s) '${Object.keys(body).join(',')}'. Requested by '${options.requestedBy}'.`,
    );
    const response: UpdateResponse = { user: { id, rev: written.user.rev }, 'user-settings': { id, rev: written.revs.get(id) as string } };
    const state = user.token_login as TokenLoginState | undefined;
    if (enabling && state) response.token_login = { expiration_date: state.expiration_date };
    return response;
  }

  /** Step 6: SSO users cannot have token login; then the create rules on the merged doc (a random password on success). */
  private async checkSso(settings: AppSettings, body: Record<string, unknown>, user: Doc, hadToken: boolean): Promise<void> {
    if (user.oidc_username && (body.token_login || (hadToken && body.token_login !== false))) {
      throw plainBadRequest('Cannot set token_login with oidc_username.');
    }
    await this.deps.sso.check(settings, { oidc_username: user.oidc_username, password: body.password, token_login: body.token_login }, user._id);
    if (user.oidc_username) user.password = randomPassword();
  }

  /** Steps 7–8: the places and the contact the update sets. */
  private async checkFacilities(
    settings: AppSettings,
    body: Record<string, unknown>,
    facility: string[] | null | undefined,
    contactId: string | null | undefined,
    roles: string[],
    storedUser: Doc,
  ): Promise<void> {
    if (body.place) await this.deps.facilities.checkPlaces(settings, facility, roles);
    if (body.place === null && isOfflineRoleList(settings, roles)) {
      throw badRequest('Place field is required for offline users', 'field is required', { field: 'Place' });
    }
    if (!body.contact) return; // `contact: null` skips the offline check, as in the reference (§2.15 step 8)
    if (!contactId) throw plainBadRequest('Contact must be a string identifier (UUID).');
    await this.deps.facilities.checkContact(settings, contactId, facility ?? asIdList(storedUser.facility_id));
  }

  private async isServerAdmin(username: string): Promise<boolean> {
    const admins = await this.deps.couch.getConfigSection('admins');
    return Object.prototype.hasOwnProperty.call(admins, username);
  }
}
