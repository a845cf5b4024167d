import type { Request, RequestHandler, Response } from 'express';
import { locals, pathSegments } from './context.js';
import { documentId } from './doc-id.js';
import { readJsonBody } from './json-body.js';
import { sendError } from './send.js';

/**
 * Request shapes CouchDB refuses with a 4xx but PouchDB trips over: a wrong `_revisions` is
 * stored as a broken revision tree (every later `_find`, `_all_docs?include_docs=true`,
 * `_changes?include_docs=true` or view query on the database threw inside LevelDB), a wrong
 * `_attachments` entry, a `_revs_diff` value that is not a list or a key parameter that is not
 * JSON threw inside PouchDB's callbacks, and killed the process. Checked here, before
 * express-pouchdb sees the request, with CouchDB's answers (couch_doc:transfer_fields,
 * couch_att:from_json, chttpd_db).
 */

export interface ShapeError {
  status: number;
  error: string;
  reason: string;
}

const badRequest = (reason: string): ShapeError => ({ status: 400, error: 'bad_request', reason });
const docValidation = (reason: string): ShapeError => ({ status: 400, error: 'doc_validation', reason });

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A revision as CouchDB's couch_doc:parse_rev reads one: `<integer>-<id>`. */
export function isRevString(value: unknown): value is string {
  return typeof value === 'string' && /^\d+-/.test(value);
}

/** couch_doc:transfer_fields on `_revisions`, plus what PouchDB needs to build a tree from it. */
function revisionsProblem(value: unknown): ShapeError | undefined {
  if (!isJsonObject(value)) return docValidation('Bad special document member: _revisions');
  const { start, ids } = value;
  if (typeof start !== 'number' || !Number.isSafeInteger(start)) return docValidation("_revisions.start isn't an integer.");
  if (!Array.isArray(ids)) return docValidation("_revisions.ids isn't a array.");
  for (const id of ids as unknown[]) {
    if (typeof id !== 'string') return docValidation("RevId isn't a string");
    if (id.length === 32 && !/^[0-9a-fA-F]{32}$/.test(id)) return docValidation("RevId isn't a valid hexadecimal");
  }
  // PouchDB roots the tree at start - ids.length + 1: an empty list or a root before 1 corrupts it.
  if (ids.length === 0) return docValidation('_revisions.ids is empty.');
  if (start < ids.length) return docValidation('_revisions.start is smaller than the number of _revisions.ids.');
  return undefined;
}

/** PouchDB's own check (pouchdb-binary-utils atob): the string must re-encode to itself. */
function isBase64(data: string): boolean {
  return Buffer.from(data, 'base64').toString('base64') === data;
}

/**
 * couch_att:from_json on each `_attachments` entry: a stub (`stub: true`), inline base64 `data`,
 * or — in a multipart/related body only — `follows`, whose bytes come from a part named after it.
 * `multipartFiles` holds those part names; undefined for a JSON body.
 */
function attachmentsProblem(value: unknown, multipartFiles?: ReadonlySet<string>): ShapeError | undefined {
  if (!isJsonObject(value)) return docValidation('Bad special document member: _attachments');
  for (const [name, att] of Object.entries(value)) {
    if (!isJsonObject(att)) return badRequest(`Invalid attachment data for ${name}`);
    if (att.content_type !== undefined && typeof att.content_type !== 'string') {
      return badRequest(`Invalid content_type for attachment ${name}`);
    }
    if (att.stub !== undefined && typeof att.stub !== 'boolean') return badRequest(`Invalid attachment stub for ${name}`);
    if (att.stub === true || multipartFiles?.has(name)) continue;
    if (att.follows !== undefined && att.follows !== false) {
      return badRequest(
        multipartFiles
          ? `Attachment ${name} follows, but the multipart body has no part for it`
          : `Attachment ${name} follows, which only a multipart/related body can do`,
      );
    }
    if (typeof att.data !== 'string' || !isBase64(att.data)) return badRequest(`Invalid attachment data for ${name}`);
  }
  return undefined;
}

/** What CouchDB refuses in one document body (PUT /db/id, POST /db, a _bulk_docs entry, a multipart doc). */
export function docProblem(doc: unknown, multipartFiles?: ReadonlySet<string>): ShapeError | undefined {
  if (!isJsonObject(doc)) return badRequest('Document must be a JSON object');
  if ('_revisions' in doc) {
    const problem = revisionsProblem(doc._revisions);
    if (problem) return problem;
  }
  if ('_attachments' in doc) return attachmentsProblem(doc._attachments, multipartFiles);
  return undefined;
}

/**
 * CouchDB takes a document's revision from `_revisions` when it has one, whatever `_rev` says
 * (transfer_fields: `_revisions` replaces the revs a `_rev` set, and a later `_rev` is ignored).
 * PouchDB does so with new_edits=false only; with new_edits=true it would use `_rev`. Make them
 * agree before PouchDB sees the doc. Call after docProblem found nothing.
 */
function adoptRevisions(doc: unknown): void {
  if (!isJsonObject(doc) || !isJsonObject(doc._revisions)) return;
  if (typeof doc._id === 'string' && doc._id.startsWith('_local/')) return;
  const { start, ids } = doc._revisions as { start: number; ids: string[] };
  doc._rev = `${start}-${ids[0]}`;
}

function bulkDocsProblem(body: unknown): ShapeError | undefined {
  if (!isJsonObject(body)) return badRequest('Request body must be a JSON object');
  if (!('docs' in body)) return badRequest('POST body must include `docs` parameter.');
  if (!Array.isArray(body.docs)) return badRequest('`docs` parameter must be an array.');
  // CouchDB reads every doc before writing any: one bad doc is a 400 for the request.
  for (const doc of body.docs as unknown[]) {
    const problem = docProblem(doc);
    if (problem) return problem;
  }
  (body.docs as unknown[]).forEach(adoptRevisions);
  return undefined;
}

function singleDocProblem(body: unknown): ShapeError | undefined {
  if (body === undefined) return undefined; // no body at all: express-pouchdb answers as before
  const problem = docProblem(body);
  if (!problem) adoptRevisions(body);
  return problem;
}

/** `{"docid": ["1-abc", ...], ...}`: PouchDB's revsDiff calls forEach on each value. */
function revsDiffProblem(body: unknown): ShapeError | undefined {
  if (!isJsonObject(body)) return badRequest('Request body must be a JSON object');
  for (const [id, revs] of Object.entries(body)) {
    if (!Array.isArray(revs)) return badRequest(`The revisions of ${id} must be a JSON list of revisions.`);
    if (!(revs as unknown[]).every(isRevString)) return badRequest('Invalid rev format');
  }
  return undefined;
}

function keysMemberProblem(body: unknown): ShapeError | undefined {
  if (isJsonObject(body) && body.keys !== undefined && !Array.isArray(body.keys)) {
    return badRequest('`keys` member must be an array.');
  }
  return undefined;
}

/** `_all_docs`, `_design_docs` and `_design/x/_view/y` (after the database segment). */
function isViewPath(rest: string[]): boolean {
  if (rest.length === 1) return rest[0] === '_all_docs' || rest[0] === '_design_docs';
  return rest.length === 4 && rest[0] === '_design' && rest[2] === '_view';
}

// View and _all_docs parameters CouchDB decodes as JSON (couch_mrview_http:parse_param).
const JSON_PARAMS = new Set(['key', 'keys', 'startkey', 'endkey', 'start_key', 'end_key']);

function parsesAsJson(value: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Query parameters CouchDB decodes as JSON: express-pouchdb keeps a value that is not JSON as a
 * string (`startkey=abc` silently matched nothing; `keys=abc` threw inside the view code).
 */
function queryProblem(req: Request, segments: string[]): ShapeError | undefined {
  const q = req.url.indexOf('?');
  if (q < 0) return undefined;
  const params = new URLSearchParams(req.url.slice(q + 1));
  if (isViewPath(segments.slice(1))) {
    for (const [key, value] of params) {
      if (!JSON_PARAMS.has(key)) continue;
      const parsed = parsesAsJson(value);
      if (!parsed.ok) return badRequest('invalid UTF-8 JSON');
      if (key === 'keys' && !Array.isArray(parsed.value)) return badRequest('`keys` member must be an array.');
    }
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && documentId(segments) !== undefined) {
    for (const value of params.getAll('open_revs')) {
      if (value === 'all') continue;
      const parsed = parsesAsJson(value);
      if (!parsed.ok) return badRequest('invalid UTF-8 JSON');
      if (parsed.value !== 'all' && !Array.isArray(parsed.value)) {
        return badRequest('open_revs must be "all" or a JSON list of revisions.');
      }
    }
  }
  return undefined;
}

async function bodyProblem(req: Request, res: Response, segments: string[]): Promise<ShapeError | undefined> {
  const rest = segments.slice(1);
  if (req.method === 'PUT' && documentId(segments) !== undefined) return singleDocProblem(await readJsonBody(req, res));
  if (req.method !== 'POST') return undefined;
  if (rest.length === 0) return singleDocProblem(await readJsonBody(req, res));
  if (rest.length === 1 && rest[0] === '_bulk_docs') return bulkDocsProblem(await readJsonBody(req, res));
  if (rest.length === 1 && rest[0] === '_revs_diff') return revsDiffProblem(await readJsonBody(req, res));
  if (isViewPath(rest)) return keysMemberProblem(await readJsonBody(req, res));
  return undefined;
}

/**
 * Refuses malformed document bodies, `_bulk_docs`, `_revs_diff`, view keys and `open_revs` with
 * CouchDB's 400 before express-pouchdb sees them. Multipart bodies are compat/multipart-body.ts's.
 */
export function bodyShapes(): RequestHandler {
  return async (req, res, next) => {
    if (!locals(res).db || /^multipart\//i.test(req.headers['content-type'] ?? '')) {
      next();
      return;
    }
    const segments = pathSegments(req);
    const problem = queryProblem(req, segments) ?? (await bodyProblem(req, res, segments));
    if (problem) {
      sendError(res, problem.status, problem.error, problem.reason);
      return;
    }
    next();
  };
}
