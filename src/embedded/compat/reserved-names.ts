import type { RequestHandler } from 'express';
import { locals, pathSegments } from './context.js';
import { sendError } from './send.js';

// What CouchDB 3 serves under /{db}/_...; any other `_` name there is a document id, and CouchDB
// refuses it. express-pouchdb would read a misspelt endpoint (`_CHANGES`, `_Bulk_Docs`) as a document.
const DB_ENDPOINTS = new Set([
  '_all_docs',
  '_auto_purge',
  '_bulk_docs',
  '_bulk_get',
  '_changes',
  '_compact',
  '_design',
  '_design_docs',
  '_ensure_full_commit',
  '_explain',
  '_find',
  '_index',
  '_local',
  '_local_docs',
  '_missing_revs',
  '_partition',
  '_purge',
  '_purged_infos',
  '_purged_infos_limit',
  '_revs_diff',
  '_revs_limit',
  '_security',
  '_shards',
  '_sync_shards',
  '_view_cleanup',
]);

/**
 * Underscore names CouchDB 3 does not know under a database, answered as it answers them (names are
 * case-sensitive): `/{db}/_foo` is a document id that may not start with `_` (400 bad_request).
 * `PUT`/`DELETE /_foo` are db-lifecycle.ts's (an illegal name; a database that does not exist).
 */
export function reservedNames(): RequestHandler {
  return (req, res, next) => {
    const [, second] = pathSegments(req);
    if (locals(res).db && second?.startsWith('_') && !DB_ENDPOINTS.has(second)) {
      sendError(res, 400, 'bad_request', 'Only reserved document ids may start with underscore.');
      return;
    }
    next();
  };
}
