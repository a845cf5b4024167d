import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import expressPouchDB from 'express-pouchdb';
import type { PouchDatabase, PouchStatic } from './pouch-types.js';
import { reinstallOwnPlugins } from './create-pouchdb.js';
import { installDeletedReason, rewordBulkRefusals } from './couch-wording.js';
import { installDocEtag } from './doc-etag-patch.js';
import { installSystemDbRepair } from './system-db-fix.js';
import { guardSecurityDoc, type GuardedDb } from './write-guard.js';

/** express-pouchdb's CouchDB config object (config.json in the data folder). */
export interface CouchConfig {
  get(section: string, key: string): unknown;
  getSection(section: string): Record<string, string>;
  set(section: string, key: string, value: unknown, callback: (err?: unknown) => void): void;
}

/** The express-pouchdb 4.2 app, as far as the embedded store touches it. */
export interface ExpressPouchApp {
  (req: Request, res: Response, next: NextFunction): void;
  disable(setting: string): unknown;
  couchConfig: CouchConfig;
  setPouchDB(PouchDB: PouchStatic): Promise<void>;
  daemonManager: { registerDaemon(daemon: { start(PouchDB: PouchStatic): unknown; stop?(PouchDB: PouchStatic): unknown }): void };
  /** Wraps each database object once, before express-pouchdb first serves it. */
  dbWrapper: {
    registerWrapper(wrapper: (name: string, db: unknown, next: () => Promise<void>) => Promise<void>): void;
    /** Installs the registered wrappers on `db` (once per object; later calls resolve at once). */
    wrap(name: string, db: unknown): Promise<unknown>;
  };
  /** express-pouchdb's log file writer (logging-infrastructure). */
  couchLogger?: { _stream?: { end(): void } };
}

// Parts of express-pouchdb's fullCouchDB mode we do not mount: the UI, logs, its own session and
// authorisation handling (replaced by compat/ because it differs from CouchDB 3), URL rewriters
// that would route around the compatibility layer (cluster-rewrite strips `/_node/node1@127.0.0.1`
// after compat/ has checked the path; compat/node-config.ts rewrites `/_node/<name>/` first),
// server-side replication and gzip.
const EXCLUDED_PARTS = [
  'routes/fauxton',
  'routes/log',
  'routes/http-log',
  'routes/session',
  'routes/session-stub',
  'routes/authorization',
  'routes/special-test-auth',
  'routes/vhosts',
  'routes/rewrite',
  'routes/cluster-rewrite',
  'routes/replicate',
  'replicator',
  'routes/temp-views',
  // _show/_list/_update (deprecated in CouchDB 3, unused by CHT) leak stack traces and unhandled rejections.
  'routes/show',
  'routes/list',
  'routes/update',
  'disk-size',
  'compression',
];

export interface ExpressPouchOptions {
  PouchDB: PouchStatic;
  /** config.json path, or undefined to keep the config in memory. */
  configPath: string | undefined;
  logPath: string;
}

/** Builds express-pouchdb and attaches it to `PouchDB`; resolves once its daemons have started. */
export async function createExpressPouchApp(opts: ExpressPouchOptions): Promise<ExpressPouchApp> {
  installDocEtag();
  installDeletedReason();
  installSystemDbRepair();
  const app = expressPouchDB({
    mode: 'fullCouchDB',
    configPath: opts.configPath,
    inMemoryConfig: opts.configPath === undefined,
    logPath: opts.logPath,
    overrideMode: { exclude: EXCLUDED_PARTS },
  }) as ExpressPouchApp;
  app.disable('x-powered-by'); // CouchDB sends no X-Powered-By (the outer app disables it too)
  // express-pouchdb installs its own pouchdb-find 7; put ours back after its daemons ran.
  app.daemonManager.registerDaemon({ start: () => reinstallOwnPlugins() });
  // Registered last, so it wraps pouchdb-security's and pouchdb-validation's methods.
  app.dbWrapper.registerWrapper((_name, db, next) => {
    rewordBulkRefusals(db as GuardedDb);
    guardSecurityDoc(db as GuardedDb);
    return next();
  });
  await app.setPouchDB(opts.PouchDB);
  return app;
}

const require = createRequire(import.meta.url);
const dbCache = require('express-pouchdb/lib/create-or-delete-dbs.js') as {
  getOrCreateDB(PouchDB: PouchStatic, name: string): Promise<PouchDatabase>;
};
/** How express-pouchdb turns a database name from the URL into the name it opens (utils.setDBOnReq). */
const cleanFilename = require('express-pouchdb/lib/clean-filename.js') as (name: string) => string;

/** Opens existing databases for the compatibility layer. */
export interface DbOpener {
  /**
   * A plain PouchDB object for `name` (no express-pouchdb wrappers, whose changes wrapper turns
   * feed errors into unhandled rejections), or undefined when the database does not exist.
   * Live changes still see writes made through express-pouchdb: adapters notify by name.
   */
  open(name: string): Promise<PouchDatabase | undefined>;
  /** The object express-pouchdb itself serves `name` with (it holds the built views). */
  shared(name: string): Promise<PouchDatabase>;
  /** `shared`, opened and wrapped exactly as express-pouchdb opens and wraps it for a request. */
  served(name: string): Promise<PouchDatabase>;
}

export function createDbOpener(
  PouchDB: PouchStatic,
  onError: (db: string, err: unknown) => void,
  app: Pick<ExpressPouchApp, 'dbWrapper'>,
): DbOpener {
  const plain = new Map<string, PouchDatabase>();
  const watched = new WeakSet<PouchDatabase>();
  const opener: DbOpener = {
    async open(name) {
      if (!(await PouchDB.allDbs()).includes(name)) return undefined;
      let db = plain.get(name);
      if (!db) {
        const fresh = new PouchDB(name);
        fresh.once('destroyed', () => plain.get(name) === fresh && plain.delete(name));
        plain.set(name, fresh);
        db = fresh;
      }
      return db;
    },
    async shared(name) {
      const db = await dbCache.getOrCreateDB(PouchDB, name);
      if (!watched.has(db)) {
        // Map functions that throw are reported as 'error' events (PouchDB prints them otherwise).
        db.on('error', (err) => onError(name, err));
        watched.add(db);
      }
      return db;
    },
    async served(name) {
      const cleaned = cleanFilename(name);
      const db = await opener.shared(cleaned);
      await app.dbWrapper.wrap(cleaned, db);
      return db;
    },
  };
  return opener;
}

/**
 * Runs express-pouchdb (express 4) as a plain middleware on a request stripped of express 5's
 * prototype: express 5's read-only `req.query` getter would hide express 4's parsed query, and
 * express-pouchdb reads and rewrites `req.query`. The prototypes come back if it calls next().
 */
export function asMiddleware(app: ExpressPouchApp): RequestHandler {
  return (req, res, next) => {
    const reqProto = Object.getPrototypeOf(req) as object;
    const resProto = Object.getPrototypeOf(res) as object;
    Object.setPrototypeOf(req, IncomingMessage.prototype);
    Object.setPrototypeOf(res, ServerResponse.prototype);
    app(req, res, (err?: unknown) => {
      Object.setPrototypeOf(req, reqProto);
      Object.setPrototypeOf(res, resProto);
      next(err);
    });
  };
}
