import Nano, { type ServerScope, type RequestOptions } from 'nano';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { CouchDb } from './couch-db.js';
import { couchStatus, toAppError } from './couch-errors.js';
import { databaseNames, type DbNames } from './database-names.js';
import { createCouchDispatcher } from './dispatcher.js';
import type { Doc } from './types.js';

export interface CouchOptions {
  /** Server URL without credentials, e.g. http://127.0.0.1:5984 */
  serverUrl: string;
  adminUser: string;
  adminPassword: string;
  dbName: string;
}

/** The CouchDB `userCtx` of a session. */
export interface UserCtx {
  name: string | null;
  roles: string[];
}

/** Result of asking CouchDB who the caller is; `status` is CouchDB's HTTP status. */
export interface SessionLookup {
  status: number;
  userCtx?: UserCtx;
}

/** Headers that carry a caller's credentials to CouchDB. */
export interface CallerCredentials {
  authorization?: string;
  cookie?: string;
}

/**
 * The only module that talks to CouchDB as the server admin (through nano) or on behalf
 * of a caller (session lookups, logins). Whether a real CouchDB or the embedded store answers
 * is invisible from here on.
 */
export class Couch {
  readonly names: DbNames;
  readonly medic: CouchDb;
  readonly users: CouchDb;
  readonly sentinel: CouchDb;
  readonly logs: CouchDb;
  readonly usersMeta: CouchDb;
  readonly vault: CouchDb;
  readonly audit: CouchDb;
  readonly serverUrl: string;
  readonly adminUser: string;
  readonly dispatcher: Dispatcher;
  private readonly nano: ServerScope;
  private readonly adminAuthorization: string;
  private readonly closeDispatcher: () => Promise<void>;

  constructor(options: CouchOptions) {
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
    this.adminUser = options.adminUser;
    const pool = createCouchDispatcher();
    this.dispatcher = pool.dispatcher;
    this.closeDispatcher = pool.close;
    this.adminAuthorization = `Basic ${Buffer.from(`${options.adminUser}:${options.adminPassword}`).toString('base64')}`;
    this.nano = Nano({
      url: this.serverUrl,
      headers: { Authorization: this.adminAuthorization },
      agentOptions: this.dispatcher,
    } as unknown as Nano.Configuration); // nano accepts any undici Dispatcher here; its typings lag
    this.names = databaseNames(options.dbName);
    this.medic = this.db(this.names.medic);
    this.users = this.db(this.names.users);
    this.sentinel = this.db(this.names.sentinel);
    this.logs = this.db(this.names.logs);
    this.usersMeta = this.db(this.names.usersMeta);
    this.vault = this.db(this.names.vault);
    this.audit = this.db(this.names.audit);
  }

  db<D extends Doc = Doc>(name: string): CouchDb<D> {
    const http = { url: `${this.serverUrl}/${encodeURIComponent(name)}`, authorization: this.adminAuthorization, dispatcher: this.dispatcher };
    return new CouchDb<D>(name, this.nano.use<D>(name), (opts) => this.nano.request(opts), http);
  }

  /** A raw admin request for server-level endpoints nano does not wrap. */
  async request<T = unknown>(opts: RequestOptions): Promise<T> {
    try {
      return (await this.nano.request(opts)) as T;
    } catch (err) {
      throw toAppError(err);
    }
  }

  /** GET / (server welcome and version). */
  serverInfo(): Promise<{ couchdb: string; version: string; [key: string]: unknown }> {
    return this.request({ path: '' });
  }

  /** PUT /{db}; false when it already exists. */
  async createDatabase(name: string): Promise<boolean> {
    try {
      await this.nano.db.create(name);
      return true;
    } catch (err) {
      if (couchStatus(err) === 412) return false;
      throw toAppError(err);
    }
  }

  /** GET a CouchDB config value of this node; undefined when absent. */
  async getConfig(section: string, key: string): Promise<string | undefined> {
    try {
      return (await this.nano.request({ path: `_node/_local/_config/${section}/${key}` })) as string;
    } catch (err) {
      if (couchStatus(err) === 404) return undefined;
      throw toAppError(err);
    }
  }

  /** GET a whole CouchDB config section of this node. */
  async getConfigSection(section: string): Promise<Record<string, string>> {
    try {
      return (await this.nano.request({ path: `_node/_local/_config/${section}` })) as Record<string, string>;
    } catch (err) {
      if (couchStatus(err) === 404) return {};
      throw toAppError(err);
    }
  }

  /** GET /_session with only the caller's credentials (never the admin's). */
  async lookupSession(credentials: CallerCredentials): Promise<SessionLookup> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credentials.authorization) headers.authorization = credentials.authorization;
    if (credentials.cookie) headers.cookie = credentials.cookie;
    const res = await this.callerRequest('GET', '/_session', headers);
    const body = (await res.body.json().catch(() => ({}))) as { userCtx?: UserCtx };
    return res.statusCode === 200 ? { status: 200, userCtx: body.userCtx } : { status: res.statusCode };
  }

  /** POST /_session for a name and password; returns CouchDB's status, cookie and user. */
  async createSession(name: string, password: string): Promise<{ status: number; setCookie?: string; userCtx?: UserCtx }> {
    const res = await this.callerRequest(
      'POST',
      '/_session',
      { 'content-type': 'application/json', accept: 'application/json' },
      JSON.stringify({ name, password }),
    );
    const body = (await res.body.json().catch(() => ({}))) as { name?: string; roles?: string[] };
    const cookie = res.headers['set-cookie'];
    const setCookie = Array.isArray(cookie) ? cookie.find((c) => c.startsWith('AuthSession=')) : cookie;
    if (res.statusCode !== 200) return { status: res.statusCode };
    return { status: 200, setCookie, userCtx: { name: body.name ?? name, roles: body.roles ?? [] } };
  }

  /** GET / with a caller's Basic credentials: do they authenticate? (contacts-users §1.2.2) */
  async credentialsValid(authorization: string): Promise<boolean> {
    const res = await this.callerRequest('GET', '/', { authorization, accept: 'application/json' });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  }

  async close(): Promise<void> {
    await this.closeDispatcher();
  }

  private async callerRequest(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string) {
    try {
      return await undiciRequest(`${this.serverUrl}${path}`, { method, headers, body, dispatcher: this.dispatcher });
    } catch (err) {
      throw toAppError(err);
    }
  }
}
