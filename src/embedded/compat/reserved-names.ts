import type { RequestHandler } from 'express';
import { locals, pathSegments, type CompatContext } from './context.js';
import { SYSTEM_DBS } from './doc-path.js';
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
 * Underscore names CouchDB 3 does not know, answered as it answers them (names are case-sensitive):
 * `/{db}/_foo` is a document id that may not start with `_` (400 bad_request), and `PUT /_foo`
 * (server admins only get here) is an illegal database name, as db-lifecycle.ts answers `PUT /Foo`;
 * `DELETE /_foo` of a database that does not exist is 404.
 */
export function reservedNames(ctx: CompatContext): RequestHandler {
  return async (req, res, next) => {
    const [name, second] = pathSegments(req);
    if (locals(res).db && second?.startsWith('_') && !DB_ENDPOINTS.has(second)) {
      sendError(res, 400, 'bad_request', 'Only reserved document ids may start with underscore.');
      return;
    }
    const single = name !== undefined && second === undefined && name.startsWith('_') && !SYSTEM_DBS.has(name);
    if (single && req.method === 'PUT') {
      sendError(
        res,
        400,
        'illegal_database_name',
        `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`,
      );
      return;
    }
    if (single && req.method === 'DELETE' && !(await ctx.PouchDB.allDbs()).includes(name)) {
      sendError(res, 404, 'not_found', 'Database does not exist.');
      return;
    }
    next();
  };
}
