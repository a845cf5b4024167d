import type { RequestHandler } from 'express';
import { locals, pathSegments } from './context.js';
import { documentId } from './doc-id.js';

// Options that add metadata to a document; CouchDB then sends it without an ETag (send_doc).
const META_OPTIONS = ['open_revs', 'revs_info', 'conflicts', 'deleted_conflicts', 'local_seq', 'meta'];

/**
 * Marks `GET`/`HEAD /db/{docid}` (and design docs) for a `"<rev>"` ETag, which express-pouchdb's
 * response then carries (pouch/doc-etag-patch.ts); express answers If-None-Match with 304 by it.
 * Local docs keep express's body-hash ETag: CouchDB hashes their body too.
 */
export function docEtag(): RequestHandler {
  return (req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && locals(res).db) {
      const id = documentId(pathSegments(req));
      const isDoc = id !== undefined && !id.startsWith('_local/');
      const query = req.query as Record<string, unknown>;
      if (isDoc && !META_OPTIONS.some((o) => query[o] !== undefined && query[o] !== 'false')) locals(res).revEtag = true;
    }
    next();
  };
}
