import type { RequestHandler } from 'express';
import type { CompatContext } from './context.js';
import { pathSegments } from './context.js';
import { SYSTEM_DBS } from './doc-path.js';
import { sendError } from './send.js';

// https://docs.couchdb.org/en/stable/api/database/common.html#put--db
const VALID_DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

/**
 * `PUT /db` and `DELETE /db` with CouchDB's answers: 400 illegal_database_name, 412 file_exists
 * with CouchDB's reason, and 404 on deleting a missing database (express-pouchdb says 200). Names
 * starting with `_` other than the system databases are illegal too (`PUT /_dbs_INFO`). Runs after
 * the server-admin guard and the `/_session` routes (`DELETE /_session` is a logout).
 */
export function dbLifecycle(ctx: CompatContext): RequestHandler {
  return async (req, res, next) => {
    const segments = pathSegments(req);
    const name = segments[0];
    if (segments.length !== 1 || name === undefined || (req.method !== 'PUT' && req.method !== 'DELETE')) {
      next();
      return;
    }
    if (req.method === 'PUT' && !VALID_DB_NAME.test(name) && !SYSTEM_DBS.has(name)) {
      sendError(
        res,
        400,
        'illegal_database_name',
        `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`,
      );
      return;
    }
    const exists = (await ctx.PouchDB.allDbs()).includes(name);
    if (req.method === 'PUT' && exists) {
      sendError(res, 412, 'file_exists', 'The database could not be created, the file already exists.');
      return;
    }
    if (req.method === 'DELETE' && !exists) {
      sendError(res, 404, 'not_found', 'Database does not exist.');
      return;
    }
    next();
  };
}
