import type { RequestHandler } from 'express';

/**
 * Routes written as `/:db/...` belong to the main database only; for any other database the
 * request skips the route (before its body is read) and reaches the CouchDB pass-through.
 */
export function mainDbOnly(dbName: string): RequestHandler {
  return (req, _res, next) => next(req.params.db === dbName ? undefined : 'route');
}
