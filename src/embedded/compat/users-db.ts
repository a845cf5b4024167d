import type { Request, RequestHandler, Response } from 'express';
import { USER_DOC_PREFIX } from '../auth/user-store.js';
import { locals, pathSegments } from './context.js';
import { readJsonBody } from './json-body.js';
import { isDbAdmin, readSecurity } from './security-object.js';
import { notDbAdmin, sendError } from './send.js';

/**
 * `_users` as CouchDB 3 guards it (couch_users_db): a signed-in user may read, update and delete
 * only their own `org.couchdb.user:<name>` doc and may not change its roles; another user's doc
 * reads as 404 missing; everything else (`_all_docs`, `_changes`, ...) needs a db admin (401).
 * Stock express-pouchdb answers 500 here and lets a user grant themselves roles.
 */
export function usersDbRules(): RequestHandler {
  return async (req, res, next) => {
    const { db, dbName, session } = locals(res);
    if (dbName === '_users' && db && isMultipartWrite(req)) {
      // A user doc is JSON (the roles check below reads it as such); express-pouchdb's multipart
      // parsing of a body already read here was an unhandled rejection.
      sendError(res, 415, 'bad_content_type', 'Content-Type must be application/json');
      return;
    }
    if (dbName !== '_users' || !db || session.userCtx.roles.includes('_admin')) {
      next();
      return;
    }
    if (isDbAdmin(session.userCtx, await readSecurity(db))) {
      next();
      return;
    }
    const segments = pathSegments(req);
    const docId = segments[1];
    if (segments.length !== 2 || docId === undefined || docId.startsWith('_')) {
      notDbAdmin(res);
      return;
    }
    const own = docId === USER_DOC_PREFIX + (session.userCtx.name ?? '');
    const existing = await db.get(docId).catch(() => undefined);
    if (!own) {
      if (req.method === 'GET' || req.method === 'HEAD') sendError(res, 404, 'not_found', 'missing');
      else if (existing) sendError(res, 403, 'forbidden', 'You may only update your own user document.');
      else sendError(res, 403, 'forbidden', 'Only admins may create other user documents.');
      return;
    }
    if (req.method === 'PUT' && !(await ownUpdateAllowed(req, res, existing?.roles))) return;
    if (['GET', 'HEAD', 'PUT', 'DELETE'].includes(req.method)) {
      next();
      return;
    }
    notDbAdmin(res);
  };
}

function isMultipartWrite(req: Request): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && /^multipart\//i.test(req.headers['content-type'] ?? '');
}

function sameRoles(a: unknown, b: unknown): boolean {
  const list = (x: unknown): string => JSON.stringify(Array.isArray(x) ? [...(x as unknown[])].map(String).sort() : []);
  return list(a) === list(b);
}

/** A user may change their own doc (e.g. the password) but not its roles. */
async function ownUpdateAllowed(req: Request, res: Response, oldRoles: unknown): Promise<boolean> {
  const doc = (await readJsonBody(req, res)) as { roles?: unknown } | undefined;
  if (!doc || typeof doc !== 'object') return true; // express-pouchdb answers the bad body
  if (!sameRoles(doc.roles, oldRoles ?? [])) {
    sendError(res, 403, 'forbidden', 'Only _admin may edit roles');
    return false;
  }
  return true;
}
