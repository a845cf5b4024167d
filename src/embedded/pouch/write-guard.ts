import { SECURITY_DOC } from '../compat/doc-path.js';
import type { UserCtx } from '../compat/context.js';
import { isDbAdmin, parseSecurity } from '../compat/security-object.js';

type Method = (...args: unknown[]) => unknown;
type WriteMethod = 'put' | 'post' | 'remove' | 'bulkDocs' | 'putAttachment' | 'removeAttachment';

/** The database object express-pouchdb serves a database with, as far as the guard touches it. */
export type GuardedDb = Record<WriteMethod, Method> & { get: (id: string) => Promise<{ security?: unknown }> };

interface CallerOpts {
  userCtx?: UserCtx;
  /** The raw `_security` express-pouchdb read for this request (pouchdb-security's routes). */
  secObj?: unknown;
}

const idOf = (doc: unknown): unknown => (doc && typeof doc === 'object' ? (doc as { _id?: unknown })._id : doc);

/** Per method: the ids it writes and where express-pouchdb passes its options (`utils.makeOpts`). */
const METHODS: Record<WriteMethod, { ids: (args: unknown[]) => unknown[]; opts: number }> = {
  put: { ids: (a) => [idOf(a[0])], opts: 1 },
  post: { ids: (a) => [idOf(a[0])], opts: 1 },
  remove: { ids: (a) => [idOf(a[0])], opts: 1 }, // (doc, opts); (id, rev, opts) is internal only
  bulkDocs: {
    ids: (a) => {
      const body = a[0] as { docs?: unknown } | unknown[] | undefined;
      const docs = Array.isArray(body) ? body : body?.docs;
      return Array.isArray(docs) ? docs.map(idOf) : [];
    },
    opts: 1,
  },
  putAttachment: { ids: (a) => [a[0]], opts: 5 },
  removeAttachment: { ids: (a) => [a[0]], opts: 3 },
};

function unauthorized(): Error {
  return Object.assign(new Error('You are not a db or server admin.'), { status: 401, name: 'unauthorized' });
}

async function allowed(db: GuardedDb, opts: CallerOpts): Promise<boolean> {
  const userCtx = opts.userCtx;
  if (!userCtx || userCtx.roles.includes('_admin')) return true;
  const raw = opts.secObj !== undefined ? opts.secObj : (await db.get(SECURITY_DOC).catch(() => ({ security: {} }))).security;
  return isDbAdmin(userCtx, parseSecurity(raw));
}

/**
 * Writes to `_local/_security` (where pouchdb-security keeps `_security`) only from server and db
 * admins, on every route: pouchdb-security guards design docs at this level but not its own storage
 * doc, and express-pouchdb takes ids from places the HTTP rules cannot see (multipart bodies).
 * Calls without a caller (`putSecurity` itself, view indexing) pass; other writes pass untouched.
 */
export function guardSecurityDoc(db: GuardedDb): void {
  for (const [name, { ids, opts }] of Object.entries(METHODS) as [WriteMethod, (typeof METHODS)[WriteMethod]][]) {
    const original = db[name];
    if (typeof original !== 'function') continue;
    db[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (!ids(args).includes(SECURITY_DOC)) return original.apply(this, args);
      const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as (err: unknown, res?: unknown) => void) : undefined;
      const caller = (args[opts] && typeof args[opts] === 'object' ? args[opts] : {}) as CallerOpts;
      const result = allowed(db, caller).then((ok) => {
        if (!ok) throw unauthorized();
        return original.apply(this, args);
      });
      if (!callback) return result;
      result.then((value) => callback(null, value), (err: unknown) => callback(err));
      return undefined;
    };
  }
}
