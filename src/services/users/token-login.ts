import type { Couch } from '../../db/couch.js';
import type { UserCtx } from '../../db/couch.js';
import type { Doc } from '../../db/types.js';
import { randomPassword } from '../../domain/users/password.js';
import type { TokenLoginState } from '../../domain/users/user-docs.js';
import { tokenDocId } from '../../domain/users/token-login.js';
import { tokenLoginEnabled, USER_ID_PREFIX } from '../../domain/users/user-payload.js';
import { AppError, isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SessionService } from '../session-service.js';
import type { SettingsService } from '../settings-service.js';

/** The outcome of following a login link: a refusal in the reference's `{error, reason?}` form, or a session. */
export type TokenLoginResult =
  | { ok: false; status: 400 | 401; body: { error: string; reason?: string } }
  | { ok: true; setCookie: string; userCtx: UserCtx; locale: string };

const SESSION_ATTEMPTS = 10;
const refuse = (status: 400 | 401, error: string, reason?: string): TokenLoginResult => ({ ok: false, status, body: reason ? { error, reason } : { error } });

/**
 * `POST /<db>/login/token/{token}` (contacts-users §2.18): a valid, unexpired token gives a session
 * once. The password reset and the token's deactivation are one `_users` write, so two clicks racing
 * on one link cannot both log in (the loser's write conflicts and is refused as invalid).
 */
export class TokenLogin {
  constructor(private readonly deps: { couch: Couch; settings: SettingsService; sessions: SessionService; logger: Logger; now?: () => number }) {}

  async login(token: string | undefined): Promise<TokenLoginResult> {
    const settings = await this.deps.settings.current();
    if (!tokenLoginEnabled(settings)) return refuse(400, 'disabled', 'Token login disabled');
    if (!token) return refuse(400, 'missing', 'Missing required param');
    const tokenDoc = await this.deps.couch.medic.get(tokenDocId(token));
    const userId = typeof tokenDoc?.user === 'string' && tokenDoc.user.startsWith(USER_ID_PREFIX) ? tokenDoc.user : undefined;
    const user = userId ? await this.deps.couch.users.get(userId) : undefined;
    const state = user?.token_login as TokenLoginState | undefined;
    if (!user || !state?.active || state.token !== token) return refuse(401, 'invalid');
    const now = this.deps.now?.() ?? Date.now();
    if (!(state.expiration_date > now)) return refuse(401, 'expired');
    if (settings.oidc_provider && user.oidc_username) return refuse(401, 'Token login not allowed for SSO users');

    const name = user.name as string;
    const password = randomPassword();
    const used: TokenLoginState = { ...state, active: false, login_date: now };
    try {
      await this.deps.couch.users.put({ ...user, password, token_login: used });
    } catch (err) {
      if (isAppError(err) && err.status === 409) return refuse(401, 'invalid');
      throw err;
    }
    this.deps.sessions.forgetUser(name);
    const settingsDoc = await this.markSettingsUsed(userId as string, used);
    const session = await this.createSession(name, password);
    const language = settingsDoc?.language;
    const locale = typeof language === 'string' && language ? language : typeof settings.locale === 'string' ? settings.locale : 'en';
    return { ok: true, setCookie: session.setCookie, userCtx: session.userCtx, locale };
  }

  /** The user-settings copy of the token state; a failure here does not undo the login. */
  private async markSettingsUsed(id: string, used: TokenLoginState): Promise<Doc | undefined> {
    try {
      const doc = await this.deps.couch.medic.get(id);
      if (!doc) return undefined;
      const { token: _secret, ...state } = used;
      await this.deps.couch.medic.put({ ...doc, token_login: state });
      return doc;
    } catch (err) {
      this.deps.logger.warn({ err }, 'Could not mark the login token used on the user-settings doc');
      return undefined;
    }
  }

  /** A CouchDB session with the new password; a cluster may need a moment to see it (up to 10 tries). */
  private async createSession(name: string, password: string): Promise<{ setCookie: string; userCtx: UserCtx }> {
    for (let attempt = 1; attempt <= SESSION_ATTEMPTS; attempt++) {
      const session = await this.deps.couch.createSession(name, password);
      if (session.status === 200 && session.setCookie && session.userCtx) return { setCookie: session.setCookie, userCtx: session.userCtx };
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
    throw new AppError(500, 'Could not create a session after a token login');
  }
}
