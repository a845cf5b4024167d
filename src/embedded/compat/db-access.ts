import type { Request, RequestHandler } from 'express';
import { locals, pathSegments, type CompatContext, type CouchSession } from './context.js';
import { readJsonBody } from './json-body.js';
import { isDbAdmin, isMember, readSecurity } from './security-object.js';
import { notDbAdmin, sendError } from './send.js';

/** System databases that are addressed like any other database. */
const SYSTEM_DBS = new Set(['_users', '_replicator', '_global_changes']);

/** Database operations CouchDB reserves for database admins (check_is_admin → 401). */
function needsDbAdmin(req: Request, rest: string[]): boolean {
  const [first, second, third] = rest;
  const write = req.method !== 'GET' && req.method !== 'HEAD';
  if (first === '_security') return write;
  if (first === '_design') {
    // Writing a design document (or its attachments); _update handlers stay open to members.
    return ['PUT', 'DELETE', 'COPY'].includes(req.method) && second !== undefined && third !== '_update';
  }
  if (first === '_local' && second === '_security') return true;
  return first === '_compact' || first === '_view_cleanup' || first === '_purge' || (first === '_index' && write);
}

function forbidden(res: Parameters<RequestHandler>[1], session: CouchSession): void {
  // couch_db:check_is_member: anonymous → 401, signed-in non-member → 403.
  if (session.userCtx.name === null) {
    sendError(res, 401, 'unauthorized', 'You are not authorized to access this db.');
  } else {
    sendError(res, 403, 'forbidden', 'You are not allowed to access this db.');
  }
}

const SECURITY_DOC = '_local/_security';

/** True when a member's request would write pouchdb-security's storage doc by another route. */
async function touchesSecurityDoc(req: Request, res: Parameters<RequestHandler>[1], rest: string[]): Promise<boolean> {
  if (req.method === 'COPY') return String(req.headers.destination ?? '').includes(SECURITY_DOC);
  if (req.method !== 'POST' || (rest.length > 0 && rest[0] !== '_bulk_docs') || isMultipart(req)) return false;
  const body = (await readJsonBody(req, res)) as { _id?: unknown; docs?: unknown } | undefined;
  if (rest.length === 0) return body?._id === SECURITY_DOC;
  const docs = Array.isArray(body?.docs) ? (body.docs as { _id?: unknown }[]) : [];
  return docs.some((d) => d && d._id === SECURITY_DOC);
}

function isMultipart(req: Request): boolean {
  return /^multipart\//i.test(req.headers['content-type'] ?? '');
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
    if (needsDbAdmin(req, rest) || (await touchesSecurityDoc(req, res, rest))) {
      notDbAdmin(res);
      return;
    }
    next();
  };
}
