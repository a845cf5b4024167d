import type { RequestHandler } from 'express';

// CouchDB 3 spellings that PouchDB's query()/allDocs() do not read.
const RENAMES: Record<string, string> = {
  start_key: 'startkey',
  end_key: 'endkey',
  start_key_doc_id: 'startkey_docid',
  end_key_doc_id: 'endkey_docid',
};
// CouchDB 3's `update` replaces `stale`: update=false → stale=ok, update=lazy → stale=update_after.
const UPDATE_TO_STALE: Record<string, string> = { false: 'ok', lazy: 'update_after' };

/** Rewrites view and `_all_docs` query strings into the options PouchDB understands. */
export function queryOptions(): RequestHandler {
  return (req, _res, next) => {
    const q = req.url.indexOf('?');
    if (q < 0 || !/\/(_view\/[^/?]+|_all_docs|_design_docs)(\?|$)/.test(req.url)) {
      next();
      return;
    }
    const params = new URLSearchParams(req.url.slice(q + 1));
    const out = new URLSearchParams();
    for (const [key, value] of params) {
      if (key === 'update') {
        const stale = UPDATE_TO_STALE[value];
        if (stale) out.append('stale', stale);
        continue;
      }
      out.append(RENAMES[key] ?? key, value);
    }
    req.url = `${req.url.slice(0, q)}?${out.toString()}`;
    next();
  };
}
