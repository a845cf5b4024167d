import type { RequestHandler } from 'express';

/**
 * Collapses runs of `/` in the path and rewrites `/medic/...` to the configured main database
 * name, as the reference does (settings spec §0.2 steps 5 and 7).
 */
export function normalizeUrl(dbName: string): RequestHandler {
  return (req, _res, next) => {
    const q = req.url.indexOf('?');
    let path = q === -1 ? req.url : req.url.slice(0, q);
    const query = q === -1 ? '' : req.url.slice(q);
    path = path.replace(/\/{2,}/g, '/');
    if (dbName !== 'medic' && (path === '/medic' || path.startsWith('/medic/'))) {
      path = `/${dbName}${path.slice('/medic'.length)}`;
    }
    req.url = path + query;
    next();
  };
}
