import type { ServerSettings } from '../server-config.js';
import { issueSessionToken, parseSessionToken, sessionSetCookie, tokenSignatureValid } from './session-cookie.js';
import type { KnownUser, UserStore } from './user-store.js';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Issues and checks AuthSession cookies with the live secret and timeout from the config. */
export class Sessions {
  constructor(
    private readonly settings: ServerSettings,
    private readonly users: UserStore,
  ) {}

  /** The Set-Cookie header value for a fresh session of `user`. */
  setCookieFor(user: KnownUser): string {
    const token = issueSessionToken(user.name, user.salt, this.settings.secret(), nowSeconds());
    return sessionSetCookie(token, this.settings.sessionTimeout(), Date.now());
  }

  /**
   * The user a cookie belongs to, or undefined when it is malformed, forged or expired.
   * `refresh` is set when less than 10% of its lifetime is left (CouchDB then sends a new cookie).
   */
  async check(cookie: string): Promise<{ user: KnownUser; refresh: boolean } | undefined> {
    const token = parseSessionToken(cookie);
    if (!token) return undefined;
    const timeout = this.settings.sessionTimeout();
    const age = nowSeconds() - token.issuedAt;
    if (age >= timeout) return undefined;
    const user = await this.users.find(token.name);
    if (!user || !tokenSignatureValid(token, this.settings.secret(), user.salt)) return undefined;
    return { user, refresh: timeout - age < timeout * 0.1 };
  }
}
