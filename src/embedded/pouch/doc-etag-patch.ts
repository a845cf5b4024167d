import { createRequire } from 'node:module';
import type { Response } from 'express';

interface PouchUtils {
  sendJSON(res: Response, status: number, body: unknown): void;
}

const require = createRequire(import.meta.url);
const utils = require('express-pouchdb/lib/utils.js') as PouchUtils;
let installed = false;

/** CouchDB's etag_match: the ETag is one of If-None-Match's comma-separated values, exactly. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((value) => value.trim() === etag);
}

/**
 * CouchDB's document ETag is the quoted revision (`"1-abc"`); express-pouchdb's answers carry
 * express's weak body hash instead. Every express-pouchdb route answers through `utils.sendJSON`,
 * which holds the document itself: for requests compat/doc-etag.ts marked, send `ETag: "<_rev>"`,
 * and 304 when If-None-Match names it.
 */
export function installDocEtag(): void {
  if (installed) return;
  installed = true;
  const sendJSON = utils.sendJSON.bind(utils);
  utils.sendJSON = (res, status, body) => {
    const rev = (body as { _rev?: unknown } | null)?._rev;
    if (status !== 200 || typeof rev !== 'string' || !(res.locals as { revEtag?: boolean } | undefined)?.revEtag) {
      sendJSON(res, status, body);
      return;
    }
    const etag = `"${rev}"`;
    res.setHeader('ETag', etag);
    // CouchDB answers 304 whatever Cache-Control says (express's req.fresh would not, on no-cache).
    if (matches(res.req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    sendJSON(res, status, body);
  };
}
