import { normalizePhone, type PhoneSettings } from '../../domain/phone.js';
import type { AppSettings } from '../../domain/settings.js';
import { randomPassword } from '../../domain/users/password.js';
import { tokenPhoneError, UserError } from '../../domain/users/user-errors.js';

/** What enabling token login on a user needs, checked before anything is written (contacts-users §2.13.3, §2.18). */
export interface TokenLoginSetup {
  /** The user's phone in E.164: both SMS go there. */
  phone: string;
  /** `settings.app_url`, the base of the login link. */
  appUrl: string;
  /** The user's new password: random, as the user logs in by link. */
  password: string;
}

/** `settings.app_url`, required by token login (§2.18). */
function appUrlOf(settings: AppSettings): string {
  const url = settings.app_url;
  if (typeof url !== 'string' || !url) throw new UserError(400, 'app_url configuration is required for token login');
  return url;
}

/** Checks a user's phone (400 `configuration.enable.token.login.phone`) and `app_url` for token login, and picks a random password. */
export function tokenLoginSetup(settings: AppSettings, phone: unknown): TokenLoginSetup {
  const e164 = normalizePhone(settings as PhoneSettings, phone);
  if (!e164) throw tokenPhoneError();
  return { phone: e164, appUrl: appUrlOf(settings), password: randomPassword() };
}
