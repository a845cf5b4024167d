import { randomBytes } from 'node:crypto';
import { hashAdminPassword, verifyAdminPassword } from './auth/passwords.js';
import type { CouchConfig } from './pouch/express-pouchdb-app.js';

/** CouchDB 3.4 keeps the cookie secret in `chttpd_auth`; CHT still reads `couch_httpd_auth`. */
export const AUTH_SECTION = 'chttpd_auth';
export const LEGACY_AUTH_SECTION = 'couch_httpd_auth';
const DEFAULT_SESSION_TIMEOUT = 600;

function setConfig(config: CouchConfig, section: string, key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    config.set(section, key, value, (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
  });
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Makes the config ready before the port opens: the server admin (so the store never runs in
 * "admin party"), a cookie secret and a server uuid that stay the same for a data folder.
 */
export async function prepareServerConfig(config: CouchConfig, adminUser: string, adminPassword: string): Promise<void> {
  if (!verifyAdminPassword(config.get('admins', adminUser), adminPassword)) {
    await setConfig(config, 'admins', adminUser, hashAdminPassword(adminPassword));
  }
  let secret = config.get(AUTH_SECTION, 'secret');
  if (typeof secret !== 'string' || !secret) {
    secret = hex(16);
    await setConfig(config, AUTH_SECTION, 'secret', secret);
  }
  if (config.get(LEGACY_AUTH_SECTION, 'secret') !== secret) {
    await setConfig(config, LEGACY_AUTH_SECTION, 'secret', secret);
  }
  const uuid = config.get('couchdb', 'uuid');
  if (typeof uuid !== 'string' || !uuid) await setConfig(config, 'couchdb', 'uuid', hex(16));
}

/** Live reads of the settings the compatibility layer uses (a PUT to _config applies at once). */
export class ServerSettings {
  constructor(readonly config: CouchConfig) {}

  secret(): string {
    const value = this.config.get(AUTH_SECTION, 'secret');
    return typeof value === 'string' ? value : '';
  }

  /** Session lifetime in seconds (`chttpd_auth/timeout`, CouchDB default 600). */
  sessionTimeout(): number {
    const value = Number(this.config.get(AUTH_SECTION, 'timeout') ?? DEFAULT_SESSION_TIMEOUT);
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_SESSION_TIMEOUT;
  }

  uuid(): string {
    const value = this.config.get('couchdb', 'uuid');
    return typeof value === 'string' ? value : '';
  }
}
