import path from 'node:path';
import { z } from 'zod';

/** Frozen runtime configuration; `loadConfig` is the only reader of the environment. */
export interface Config {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  production: boolean;
  /** Name of the main database (`medic` by default). */
  dbName: string;
  couch:
    | { mode: 'external'; serverUrl: string; adminUser: string; adminPassword: string }
    | { mode: 'embedded'; dataDir: string | undefined; adminUser: string; adminPassword: string | undefined; port: number };
  /** How long a verified session stays cached, in ms (0 disables the cache). */
  sessionCacheMs: number;
  /** Outgoing SMS push services (settings spec §6.7). */
  sms: { pushIntervalMs: number; africasTalkingUrl: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  /** CouchDB server URL with admin credentials and the main database as its path; unset → embedded store. */
  COUCH_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Port the API listens on. */
  API_PORT: z.coerce.number().int().min(0).max(65535).default(5988),
  /** Interface the API binds to. */
  API_HOST: z.string().min(1).default('0.0.0.0'),
  /** Embedded store data folder; `:memory:` keeps everything in memory (tests). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Main database name for the embedded store (COUCH_URL carries its own). */
  DB_NAME: z.string().regex(/^[a-z][a-z0-9_$()+/-]*$/, 'must be a valid CouchDB database name').default('medic'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Embedded store admin name. */
  COUCH_ADMIN_USER: z.string().min(1).default('admin'),
  /** Embedded store admin password; generated on first start when unset. */
  COUCH_ADMIN_PASSWORD: z.string().min(1).optional(),
  /** Loopback port of the embedded store (0: any free port); fixed only for tools and benchmarks. */
  EMBEDDED_COUCH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  NODE_ENV: z.string().optional(),
  /** Verified-session cache lifetime in ms. */
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Time between two cycles of the Africa's Talking / RapidPro sender, in ms (the reference: 60 s). */
  SMS_PUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  /** Africa's Talking API base URL; unset → the live API, or the sandbox for the `sandbox` user. */
  AFRICASTALKING_API_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** Parses the environment once; every problem is reported together in one ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const couchUrl = parseCouchUrl(env.COUCH_URL, problems);
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const couch: Config['couch'] = couchUrl
    ? { mode: 'external', serverUrl: couchUrl.serverUrl, adminUser: couchUrl.user, adminPassword: couchUrl.password }
    : {
        mode: 'embedded',
        dataDir: e.DATA_DIR === ':memory:' ? undefined : path.resolve(e.DATA_DIR),
        adminUser: e.COUCH_ADMIN_USER,
        adminPassword: e.COUCH_ADMIN_PASSWORD,
        port: e.EMBEDDED_COUCH_PORT,
      };
  return Object.freeze({
    port: e.API_PORT,
    host: e.API_HOST,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    dbName: couchUrl?.dbName ?? e.DB_NAME,
    couch: Object.freeze(couch),
    sessionCacheMs: e.SESSION_CACHE_MS,
    sms: Object.freeze({ pushIntervalMs: e.SMS_PUSH_INTERVAL_MS, africasTalkingUrl: e.AFRICASTALKING_API_URL }),
  });
}

interface CouchUrlParts {
  serverUrl: string;
  dbName: string;
  user: string;
  password: string;
}

/** Splits COUCH_URL into server, credentials and main database, appending any problem found. */
function parseCouchUrl(raw: string | undefined, problems: string[]): CouchUrlParts | undefined {
  if (!raw || !URL.canParse(raw)) return undefined; // absent, or already reported by the schema
  const url = new URL(raw);
  const dbName = decodePart(url.pathname.replace(/^\/+|\/+$/g, ''), 'database path', problems);
  if (dbName !== undefined && (!dbName || dbName.includes('/'))) {
    problems.push('COUCH_URL: must name the main database as its path, e.g. http://admin:pass@127.0.0.1:5984/medic');
  }
  if (!url.username || !url.password) {
    problems.push('COUCH_URL: must carry server-admin credentials (http://user:pass@host:port/db)');
  }
  const user = decodePart(url.username, 'user name', problems);
  const password = decodePart(url.password, 'password', problems);
  if (dbName === undefined || user === undefined || password === undefined) return undefined;
  return { serverUrl: `${url.protocol}//${url.host}`, dbName, user, password };
}

/** One percent-encoded part of COUCH_URL, decoded; a bad escape (`%zz`) is a problem naming the part, never its text. */
function decodePart(encoded: string, part: string, problems: string[]): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    problems.push(`COUCH_URL: invalid percent-encoding in the ${part}`);
    return undefined;
  }
}
