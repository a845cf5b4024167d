import { Router } from 'express';
import { locals } from './context.js';
import { sendError } from './send.js';

/**
 * `POST /{db}/_purge`: PouchDB cannot purge on leveldb, so the embedded store says so plainly
 * (CouchDB answers 201). Only reached by database admins (db-access checks that first).
 */
export function purgeRoute(): Router {
  const router = Router({ caseSensitive: true });
  router.post('/:db/_purge', (_req, res, next) => {
    if (!locals(res).db) {
      next();
      return;
    }
    sendError(res, 501, 'not_implemented', 'Purge is not supported by the embedded store');
  });
  return router;
}
