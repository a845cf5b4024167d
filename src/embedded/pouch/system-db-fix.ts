import { createRequire } from 'node:module';

type Method = ((...args: unknown[]) => unknown) & { _handlers?: unknown[] };

/** A database object as pouchdb-wrappers leaves it: wrapped methods keep their handler list. */
export interface WrappedDb {
  get(id: string, opts?: Record<string, unknown>): Promise<unknown>;
  getAttachment?: Method;
}

interface HandlerArgs {
  base: WrappedDb;
  docId: string;
  options?: Record<string, unknown>;
}
type Handler = (orig: () => Promise<unknown>, args: HandlerArgs) => Promise<unknown>;

interface SystemDbModule {
  installSystemDBProtection(db: WrappedDb): void;
  uninstallSystemDBProtection(db: WrappedDb): void;
}

const require = createRequire(import.meta.url);
const repaired = new WeakMap<WrappedDb, Handler>();
let installed = false;

/**
 * pouchdb-system-db 4.2 means `getAttachment` of a system database (`_users`, `_replicator`) to
 * be guarded like `get`, but installs `wrappers.get` (undefined) as its handler: every attachment
 * read there threw a TypeError (a 500 that named it) and left express-pouchdb's parallel `get`
 * as an unhandled rejection. The handler it meant: the read goes through the database's `get`
 * (and its guards) first.
 */
const guardedLikeGet: Handler = (orig, args) => {
  const { userCtx, secObj, rev } = args.options ?? {};
  const opts: Record<string, unknown> = { userCtx, secObj };
  if (typeof rev === 'string') opts.rev = rev;
  return args.base.get(args.docId, opts).then(() => orig());
};

/** Puts the missing handler in place wherever pouchdb-auth or pouchdb-replicator protects a database. */
export function installSystemDbRepair(): void {
  if (installed) return;
  installed = true;
  // pouchdb-auth and pouchdb-replicator call these through the module object, so replacing the
  // exports reaches them.
  const systemDb = require('pouchdb-system-db') as SystemDbModule;
  const install = systemDb.installSystemDBProtection.bind(systemDb);
  const uninstall = systemDb.uninstallSystemDBProtection.bind(systemDb);
  systemDb.installSystemDBProtection = (db) => {
    install(db);
    const handlers = db.getAttachment?._handlers;
    const at = Array.isArray(handlers) ? handlers.indexOf(undefined) : -1;
    if (handlers && at !== -1) {
      handlers[at] = guardedLikeGet;
      repaired.set(db, guardedLikeGet);
    }
  };
  systemDb.uninstallSystemDBProtection = (db) => {
    // Its uninstall looks for the (undefined) handler it installed.
    const handlers = db.getAttachment?._handlers;
    const handler = repaired.get(db);
    const at = handler && Array.isArray(handlers) ? handlers.indexOf(handler) : -1;
    if (handlers && at !== -1) handlers[at] = undefined;
    repaired.delete(db);
    uninstall(db);
  };
}
