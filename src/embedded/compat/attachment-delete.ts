import type { Request, RequestHandler, Response } from 'express';
import type { PouchDoc } from '../pouch/pouch-types.js';
import { locals, pathSegments, type CompatContext } from './context.js';
import { isInternalError, sendInternalError } from './internal-error.js';
import { sendError, sendJson } from './send.js';

const CONFLICT = (res: Response): void => sendError(res, 409, 'conflict', 'Document update conflict.');

/** [docId, attachment name] of `DELETE /db/doc/att...` or `/db/_design/ddoc/att...`; undefined otherwise. */
export function attachmentTarget(segments: string[]): [string, string] | undefined {
  const [, first, second] = segments;
  if (first === undefined) return undefined;
  if (first === '_design') {
    return second !== undefined && segments.length > 3 ? [`_design/${second}`, segments.slice(3).join('/')] : undefined;
  }
  // `_local` docs take no attachments and other `_` names are endpoints (reserved-names.ts).
  if (first.startsWith('_') || segments.length < 3) return undefined;
  return [first, segments.slice(2).join('/')];
}

/**
 * chttpd's extract_header_rev: `?rev=` and `If-Match` (quotes stripped) must agree; a rev must
 * read `N-...`. A string is the rev, undefined means none was given, an error is a 400 reason.
 */
function requestedRev(req: Request): string | undefined | { error: string } {
  const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1 || req.url.length));
  const fromQuery = query.get('rev') ?? undefined;
  const header = req.headers['if-match'];
  const fromHeader = typeof header === 'string' ? header.trim().replace(/^"(.*)"$/s, '$1') : undefined;
  for (const rev of [fromQuery, fromHeader]) {
    if (rev !== undefined && !/^\d+-/.test(rev)) return { error: 'Invalid rev format' };
  }
  if (fromQuery !== undefined && fromHeader !== undefined && fromQuery !== fromHeader) {
    return { error: 'Document rev and etag have different values' };
  }
  return fromQuery ?? fromHeader;
}

interface PouchErr {
  status?: unknown;
  name?: unknown;
  message?: unknown;
  reason?: unknown;
}

/**
 * `DELETE /{db}/{docid}/{attname}` and `/{db}/_design/{ddoc}/{attname}`, as CouchDB 3's
 * db_attachment_req answers them. express-pouchdb's route passes five arguments to PouchDB 9's
 * four-argument `removeAttachment` and pouchdb-validation's wrapper of it threw on a doc without
 * attachments (a 500 naming a TypeError); a wrong rev was 404 there.
 *
 * - a name starting with `_`: 400, as CouchDB validates attachment names (a design doc must
 *   exist first: 404);
 * - no rev: 404 when the doc is missing or deleted, else 409 (CouchDB writes a new doc then);
 * - a rev the doc does not have (or of a doc that does not exist): 409;
 * - an attachment the revision does not have: 404 `Document is missing attachment`;
 * - else the revision is written without it through express-pouchdb's own database object, so
 *   validate_doc_update, pouchdb-security and the write guard judge it: 200 `{ok, id, rev}`.
 *
 * Access was checked before: members may delete attachments of ordinary docs, design-doc
 * attachments need a db admin (db-access.ts), `_users` has its own rules (users-db.ts).
 */
export function attachmentDelete(ctx: CompatContext): RequestHandler {
  return async (req, res, next) => {
    const { db, dbName, session } = locals(res);
    const target = req.method === 'DELETE' && db && dbName !== undefined ? attachmentTarget(pathSegments(req)) : undefined;
    if (!target || !dbName) {
      next();
      return;
    }
    const [docId, name] = target;
    const rev = requestedRev(req);
    if (rev !== undefined && typeof rev !== 'string') {
      sendError(res, 400, 'bad_request', rev.error);
      return;
    }
    const served = await ctx.servedDb(dbName);
    const opts = (): Record<string, unknown> => ({ userCtx: { ...session.userCtx, roles: [...session.userCtx.roles], db: dbName } });
    const fail = (err: unknown): void => {
      if (isInternalError(err)) {
        sendInternalError(res, err, ctx.logger, req);
        return;
      }
      const e = err as PouchErr;
      const status = Number(e.status);
      const reason = e.status === 404 && e.reason === 'deleted' ? 'deleted' : String(e.message ?? e.reason ?? '');
      if (status === 409) CONFLICT(res);
      else sendError(res, status, typeof e.name === 'string' ? e.name : 'unknown_error', reason);
    };

    if (name.startsWith('_')) {
      // chttpd opens a design doc before it reads `_name` as an attachment; then validates the name.
      if (docId.startsWith('_design/')) {
        const missing = await served.get(docId, opts()).then(() => undefined, (err: unknown) => err);
        if (missing !== undefined) {
          fail(missing);
          return;
        }
      }
      sendError(res, 400, 'bad_request', `Attachment name '${name}' starts with prohibited character '_'`);
      return;
    }
    let doc: PouchDoc;
    try {
      doc = await served.get(docId, rev === undefined ? opts() : { ...opts(), rev });
    } catch (err) {
      // CouchDB: a rev it cannot open is a conflict, whether or not the doc exists.
      if (rev !== undefined && (err as PouchErr)?.status === 404) CONFLICT(res);
      else fail(err);
      return;
    }
    if (rev === undefined) {
      CONFLICT(res); // the doc exists: CouchDB writes a new doc without a rev, which conflicts
      return;
    }
    const attachments = doc._attachments as Record<string, unknown> | undefined;
    if (!attachments || !Object.prototype.hasOwnProperty.call(attachments, name)) {
      sendError(res, 404, 'not_found', 'Document is missing attachment');
      return;
    }
    delete attachments[name];
    if (Object.keys(attachments).length === 0) delete doc._attachments;
    try {
      const written = await served.put(doc, opts());
      sendJson(res, 200, { ok: true, id: written.id, rev: written.rev });
    } catch (err) {
      fail(err);
    }
  };
}
