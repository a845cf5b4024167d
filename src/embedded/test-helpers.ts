import { startEmbeddedCouch, type EmbeddedCouch } from './embedded-couch.js';

/** Test-only helpers: a real embedded store on the memory adapter, called over HTTP with fetch. */

export const ADMIN = { name: 'admin', password: 'pass' };

export function basic(name: string, password: string): string {
  return `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body (undefined when it is not JSON). */
  body: unknown;
}

export interface CallOptions {
  body?: unknown;
  /** An Authorization header value; defaults to the server admin. `null` sends none. */
  auth?: string | null;
  headers?: Record<string, string>;
  /** fetch's redirect mode; `manual` returns a 3xx as it is (its Location readable). Defaults to `follow`. */
  redirect?: 'follow' | 'manual';
}

export interface TestCouch {
  couch: EmbeddedCouch;
  url: string;
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** Creates a `_users` doc (as the admin) and returns its Basic header. */
  createUser(name: string, password: string, roles?: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function call(url: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const auth = opts.auth === undefined ? basic(ADMIN.name, ADMIN.password) : opts.auth;
  if (auth) headers.authorization = auth;
  let body: string | Buffer | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url + path, { method, headers, body, redirect: opts.redirect });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export async function startTestCouch(dataDir?: string): Promise<TestCouch> {
  const couch = await startEmbeddedCouch({ dataDir, adminUser: ADMIN.name, adminPassword: ADMIN.password });
  const t: TestCouch = {
    couch,
    url: couch.url,
    call: (method, path, opts) => call(couch.url, method, path, opts),
    async createUser(name, password, roles = []) {
      const id = encodeURIComponent(`org.couchdb.user:${name}`);
      const r = await t.call('PUT', `/_users/${id}`, { body: { name, password, roles, type: 'user' } });
      if (r.status !== 201) throw new Error(`createUser ${name}: ${r.status} ${r.text}`);
      return basic(name, password);
    },
    close: () => couch.close(),
  };
  return t;
}

/** A fresh database name per test. */
let counter = 0;
export function dbName(prefix = 'db'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
