import type { Request, Response } from 'express';
import type { UserStore } from '../auth/user-store.js';
import type { EmbeddedLogger } from '../logger.js';
import type { PouchDatabase, PouchStatic } from '../pouch/pouch-types.js';
import type { ServerSettings } from '../server-config.js';

/** What every compatibility middleware may use. */
export interface CompatContext {
  PouchDB: PouchStatic;
  settings: ServerSettings;
  users: UserStore;
  logger: EmbeddedLogger;
  /** A plain PouchDB object for an existing database, else undefined. */
  openDb(name: string): Promise<PouchDatabase | undefined>;
  /** The object express-pouchdb serves the database with (where views are built and cached). */
  sharedDb(name: string): Promise<PouchDatabase>;
  /**
   * `sharedDb` with express-pouchdb's wrappers installed (validate_doc_update, pouchdb-security,
   * `_users` hashing, pouch/write-guard.ts): writes through it are checked as express-pouchdb's are.
   * Pass `{ userCtx }` in each call's options.
   */
  servedDb(name: string): Promise<PouchDatabase>;
}

export interface UserCtx {
  name: string | null;
  roles: string[];
}

/** The caller, as CouchDB's `GET /_session` would describe it. */
export interface CouchSession {
  userCtx: UserCtx;
  authenticated?: 'cookie' | 'default';
}

/** Request state the compatibility layer keeps in `res.locals`. */
export interface CompatLocals {
  session: CouchSession;
  /** Set once db-access has found the database named by the first path segment. */
  db?: PouchDatabase;
  dbName?: string;
  /** A document read whose response carries `ETag: "<rev>"` (compat/doc-etag.ts). */
  revEtag?: boolean;
  /** The store's logger, for error senders that only see `res` (pouch/couch-wording.ts). */
  logger?: EmbeddedLogger;
}

export function locals(res: Response): CompatLocals {
  return res.locals as CompatLocals;
}

export function isServerAdmin(session: CouchSession): boolean {
  return session.userCtx.roles.includes('_admin');
}

/** Decoded path segments (`/a%2Fb/doc` → ['a/b', 'doc']). */
export function pathSegments(req: Request): string[] {
  const path = (req.url.split('?')[0] ?? '').split('/').filter((s) => s.length > 0);
  return path.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}
