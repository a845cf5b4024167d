import type { Request, RequestHandler, Response } from 'express';
import { locals, pathSegments, type CompatContext, type CouchSession } from './context.js';
import { isDesignFunctionPath } from './design-functions.js';
import { idKind, SYSTEM_DBS, type IdKind } from './doc-path.js';
import { readJsonBody } from './json-body.js';
import { isDbAdmin, isMember, readSecurity } from './security-object.js';
import { notDbAdmin, sendError } from './send.js';

/**
 * Database operations CouchDB reserves for database admins (check_is_admin → 401). `rest` is the
 * canonical path after the database (compat/doc-path.ts), so `_design`/`_local` are two segments.
 */
function needsDbAdmin(req: Request, rest: string[]): boolean {
  const [first, second, third] = rest;
  const write = req.method !== 'GET' && req.method !== 'HEAD';
  if (first === '_security') return write;
  if (first === '_design') {
    if (second === undefined || !write) return false;
    // The design doc itself (POST: express-pouchdb's multipart attachment upload) or one of its
    // attachments; querying a view with POST, and calling a design function (_update, _rewrite
    // ...: design-functions.ts answers them, nothing is written), stay open to members.
    if (rest.length === 2) return true;
    return !((req.method === 'POST' && third === '_view') || isDesignFunctionPath(['', ...rest]));
  }
  if (first === '_local' && second === '_security') return true;
  return first === '_compact' || first === '_view_cleanup' || first === '_purge' || (first === '_index' && write);
}

function forbidden(res: Response, session: CouchSession): void {
  // couch_db:check_is_member: anonymous → 401, signed-in non-member → 403.
  if (session.userCtx.name === null) {
    sendError(res, 401, 'unauthorized', 'You are not authorized to access this db.');
  } else {
    sendError(res, 403, 'forbidden', 'You are not allowed to access this db.');
  }
}

function isMultipart(req: Request): boolean {
  return /^multipart\//i.test(req.headers['content-type'] ?? '');
}

/** The doc a COPY writes, read as express-pouchdb (and CouchDB) read `Destination`: raw, minus `?rev=`. */
function copyDestination(req: Request): string | undefined {
  const header = req.headers.destination;
  if (typeof header !== 'string' || header === '') return undefined;
  return /^(.+?)\?rev=.+$/s.exec(header)?.[1] ?? header;
}

/**
 * Kinds of the doc ids a request writes besides the one in its path: a COPY's destination and
 * the `_id`s of `POST /db` and `_bulk_docs` bodies. Multipart bodies are left to pouch/write-guard.ts.
 */
async function writtenIdKinds(req: Request, res: Response, rest: string[]): Promise<IdKind[]> {
  if (req.method === 'COPY') {
    const destination = copyDestination(req);
    return destination === undefined ? [] : [idKind(destination)];
  }
  if (req.method !== 'POST' || (rest.length > 0 && rest[0] !== '_bulk_docs') || isMultipart(req)) return [];
  const body = (await readJsonBody(req, res)) as { _id?: unknown; docs?: unknown } | undefined;
  const docs = rest.length === 0 ? [body] : Array.isArray(body?.docs) ? (body.docs as unknown[]) : [];
  return docs.flatMap((d) => {
    const id = (d as { _id?: unknown } | null | undefined)?._id;
    return typeof id === 'string' ? [idKind(id)] : [];
  });
}

/**
 * Finds the database named by the first path segment (404 "Database does not exist." as CouchDB
 * says, not express-pouchdb's "no_db_file") and applies CouchDB 3 `_security` semantics:
 * empty members = admin only; members may read and write; db admins count as admins here.
 */
export function dbAccess(ctx: CompatContext): RequestHandler {
  return async (req, res, next) => {
    const [name, ...rest] = pathSegments(req);
    const lifecycle = rest.length === 0 && (req.method === 'PUT' || req.method === 'DELETE');
    if (name === undefined || lifecycle || (name.startsWith('_') && !SYSTEM_DBS.has(name))) {
      next();
      return;
    }
    const db = await ctx.openDb(name);
    if (!db) {
      sendError(res, 404, 'not_found', 'Database does not exist.');
      return;
    }
    Object.assign(locals(res), { db, dbName: name });
    await ctx.sharedDb(name); // let express-pouchdb's object report map errors to the logger
    const { session } = locals(res);
    if (session.userCtx.roles.includes('_admin') || name === '_users') {
      next(); // server admins pass; _users has its own rules (users-db.ts)
      return;
    }
    const security = await readSecurity(db);
    if (isDbAdmin(session.userCtx, security)) {
      next();
      return;
    }
    if (!isMember(session.userCtx, security)) {
      forbidden(res, session);
      return;
    }
    const kinds = await writtenIdKinds(req, res, rest);
    const single = req.method === 'COPY' || rest.length === 0; // one doc, not a _bulk_docs entry
    if (single && kinds.includes('invalid')) {
      // CouchDB refuses such ids; PouchDB would store `_design%2Fx` as an ordinary doc.
      sendError(res, 400, 'bad_request', 'Only reserved document ids may start with underscore.');
      return;
    }
    // Design docs in _bulk_docs get per-doc "unauthorized" entries from pouchdb-security, as in CouchDB.
    if (needsDbAdmin(req, rest) || kinds.includes('security') || (single && kinds.includes('design'))) {
      notDbAdmin(res);
      return;
    }
    next();
  };
}
