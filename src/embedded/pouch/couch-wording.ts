import { createRequire } from 'node:module';
import type { Response } from 'express';

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
 * CouchDB answers a read of a deleted document with `{"error":"not_found","reason":"deleted"}`.
 * PouchDB's error says so in `reason` but express-pouchdb sends its `message` ("missing"):
 * every express-pouchdb route answers errors through `utils.sendError`, so send `reason` there.
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
