import type { CouchConfig } from '../pouch/express-pouchdb-app.js';
import type { PouchDatabase, PouchDoc } from '../pouch/pouch-types.js';
import { adminSalt, verifyAdminPassword, verifyUserPassword, type UserCredentials } from './passwords.js';

/** What CouchDB knows about a name: its roles, the salt that signs its cookies, and a password check. */
export interface KnownUser {
  name: string;
  roles: string[];
  salt: string;
  checkPassword(password: string): boolean;
}

export const USER_DOC_PREFIX = 'org.couchdb.user:';

function stringRoles(roles: unknown): string[] {
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Looks names up like CouchDB's auth cache: server admins from the config `admins` section
 * (their `_users` roles are added to `_admin`), everyone else from `_users`.
 */
export class UserStore {
  constructor(
    private readonly config: CouchConfig,
    private readonly usersDb: () => Promise<PouchDatabase | undefined>,
  ) {}

  private async userDoc(name: string): Promise<(PouchDoc & UserCredentials) | undefined> {
    const db = await this.usersDb();
    if (!db) return undefined;
    try {
      const doc = await db.get(USER_DOC_PREFIX + name);
      return doc.type === 'user' ? doc : undefined;
    } catch {
      return undefined;
    }
  }

  /** The user called `name`, or undefined when there is none. */
  async find(name: string): Promise<KnownUser | undefined> {
    if (!name) return undefined;
    const adminHash = this.config.get('admins', name);
    const doc = await this.userDoc(name);
    const salt = adminSalt(adminHash);
    if (salt !== undefined) {
      return {
        name,
        roles: ['_admin', ...stringRoles(doc?.roles).filter((r) => r !== '_admin')],
        salt,
        checkPassword: (password) => verifyAdminPassword(adminHash, password),
      };
    }
    if (!doc || typeof doc.salt !== 'string') return undefined;
    const userSalt = doc.salt;
    return {
      name,
      roles: stringRoles(doc.roles),
      salt: userSalt,
      checkPassword: (password) => verifyUserPassword(doc, password),
    };
  }

  /** The user when `password` is right, else undefined. */
  async authenticate(name: string, password: string): Promise<KnownUser | undefined> {
    const user = await this.find(name);
    return user && user.checkPassword(password) ? user : undefined;
  }
}
