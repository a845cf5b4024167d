import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { hasPermissions, isDbAdmin, isOnlineUser } from '../domain/permissions.js';
import type { SessionUser } from './session-service.js';
import type { SettingsService } from './settings-service.js';

export interface AccessOptions {
  /** Answer a missing session with the Basic-auth prompt (contacts-users §1.2.4). */
  prompt?: boolean;
}

/** The authorization checks routes use (contacts-users §1.3.3). */
export class AccessService {
  constructor(private readonly deps: { settings: SettingsService }) {}

  /** The logged-in caller; 401 otherwise. */
  async user(req: Request, options: AccessOptions = {}): Promise<SessionUser> {
    const user = await req.auth.user();
    if (!user) throw new UnauthorizedError('Not logged in', { prompt: options.prompt });
    return user;
  }

  /** `auth.check`: logged in, and admin or holding every permission; 403 `Insufficient privileges`. */
  async check(req: Request, permissions: string | string[], options: AccessOptions = {}): Promise<SessionUser> {
    const user = await this.user(req, options);
    if (!(await this.has(user, permissions))) throw new ForbiddenError('Insufficient privileges');
    return user;
  }

  /** `assertPermissions` with `isOnline`: as `check`, and the caller must be online; both fail with the same 403. */
  async checkOnline(req: Request, permissions: string | string[], options: AccessOptions = {}): Promise<SessionUser> {
    const user = await this.user(req, options);
    if (!isOnlineUser(user.roles) || !(await this.has(user, permissions))) {
      throw new ForbiddenError('Insufficient privileges');
    }
    return user;
  }

  /** `assertDbAdmin`: 403 `User is not an admin`. */
  async checkDbAdmin(req: Request, options: AccessOptions = {}): Promise<SessionUser> {
    const user = await this.user(req, options);
    if (!isDbAdmin(user.roles)) throw new ForbiddenError('User is not an admin');
    return user;
  }

  /** Does this user hold the permissions under the current settings? */
  async has(user: SessionUser, permissions: string | string[]): Promise<boolean> {
    if (isDbAdmin(user.roles) && ![permissions].flat().some((p) => p.startsWith('!'))) return true;
    return hasPermissions(await this.deps.settings.current(), permissions, user.roles);
  }
}
