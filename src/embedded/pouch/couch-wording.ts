import { createRequire } from 'node:module';
import type { Response } from 'express';
import type { CompatLocals } from '../compat/context.js';
import { isInternalError, sendInternalError } from '../compat/internal-error.js';
import { sendError as sendCouchError } from '../compat/send.js';

interface PouchError {
  status?: unknown;
  name?: unknown;
  message?: unknown;
  reason?: unknown;
}

interface PouchUtils {
  sendError(res: Response, err: unknown, baseStatus?: number): void;
}

const require = createRequire(import.meta.url);
const utils = require('express-pouchdb/lib/utils.js') as PouchUtils;
let installed = false;

/**
 * Every express-pouchdb route answers errors through `utils.sendError`; two corrections there:
 * - CouchDB answers a read of a deleted document with `{"error":"not_found","reason":"deleted"}`.
 *   PouchDB's error says so in `reason` but express-pouchdb sends its `message` ("missing").
 * - A plain JavaScript error (a TypeError inside PouchDB or a plugin) went out as 500
 *   `bad_request` with its message; it is 500 `unknown_error` "Internal error" and the real
 *   message goes to the store's error log (compat/internal-error.ts). An error a design function
 *   (validate_doc_update) threw is reported as CouchDB reports it: 500 with the JS error's name.
 */
export function installDeletedReason(): void {
  if (installed) return;
  installed = true;
  const sendError = utils.sendError.bind(utils);
  utils.sendError = (res, err, baseStatus) => {
    const e = err as PouchError | null | undefined;
    if (e && e.status === 404 && e.name === 'not_found' && e.reason === 'deleted') {
      sendError(res, { status: 404, name: 'not_found', message: 'deleted' }, baseStatus);
      return;
    }
    if (e && !(e instanceof Error) && Number(e.status) >= 500 && typeof e.name === 'string' && typeof e.message === 'string') {
      // What a design function threw (couchdb-eval wraps it): CouchDB names the JS error, as
      // here; express-pouchdb would call a TypeError `bad_request`. error-reasons.ts drops the stack.
      sendCouchError(res, Number(e.status), e.name, e.message);
      return;
    }
    if (isInternalError(err, baseStatus)) {
      const req = (res as Response & { req?: { method: string; originalUrl?: string; url?: string } }).req;
      const logger = (res.locals as CompatLocals | undefined)?.logger;
      sendInternalError(res, err, logger, { method: req?.method ?? '', path: (req?.originalUrl ?? req?.url ?? '').split('?')[0] });
      return;
    }
    sendError(res, err, baseStatus);
  };
}

// pouchdb-security refuses a member's design doc with its generic wording; CouchDB says this.
const POUCH_REFUSAL = 'You are not authorized to access this db.';
const COUCH_REFUSAL = 'You are not a db or server admin.';

type Method = (...args: unknown[]) => unknown;
type Callback = (err: unknown, res?: unknown) => void;

function reword(results: unknown): unknown {
  if (!Array.isArray(results)) return results;
  for (const r of results as PouchError[]) {
    if (r && r.status === 401 && r.name === 'unauthorized' && r.message === POUCH_REFUSAL) r.message = COUCH_REFUSAL;
  }
  return results;
}

/**
 * `_bulk_docs` entries refused by pouchdb-security (a member writing a design doc: the layer lets
 * only members through) read "You are not a db or server admin.", as in CouchDB. Wraps the
 * database object express-pouchdb serves, outside pouchdb-security's own wrapper.
 */
export function rewordBulkRefusals(db: { bulkDocs: Method }): void {
  const original = db.bulkDocs;
  if (typeof original !== 'function') return;
  db.bulkDocs = function (this: unknown, ...args: unknown[]): unknown {
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as Callback) : undefined;
    const result = Promise.resolve(original.apply(this, args)).then(reword);
    if (!callback) return result;
    result.then((value) => callback(null, value), (err: unknown) => callback(err));
    return undefined;
  };
}
