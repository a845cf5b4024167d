import type { RequestHandler } from 'express';
import { locals, pathSegments } from './context.js';
import { readJsonBody } from './json-body.js';

/** [db, id] or [db, '_design' | '_local', name]: a document path, not an attachment. */
export function documentId(segments: string[]): string | undefined {
  const [, first, second] = segments;
  if (segments.length === 2 && first !== undefined && !first.startsWith('_')) return first;
  if (segments.length === 3 && (first === '_design' || first === '_local') && second !== undefined) {
    return `${first}/${second}`;
  }
  return undefined;
}

/**
 * `PUT /db/{docid}` saves the document under the id in the URL, as CouchDB does; express-pouchdb
 * prefers an `_id` in the body, which would let a request write a different document than the
 * one its permissions were checked for.
 */
export function urlDocId(): RequestHandler {
  return async (req, res, next) => {
    const id = req.method === 'PUT' && locals(res).db ? documentId(pathSegments(req)) : undefined;
    if (id === undefined || /^multipart\//i.test(req.headers['content-type'] ?? '')) {
      next();
      return;
    }
    const body = await readJsonBody(req, res);
    if (body && typeof body === 'object' && !Array.isArray(body)) (body as { _id?: string })._id = id;
    next();
  };
}
