import type { RequestHandler } from 'express';

// PouchDB's wording → CouchDB 3's, where clients may compare the text.
const REASONS: [RegExp, string][] = [
  [/^Document update conflict$/, 'Document update conflict.'],
  [/^ddoc .* has no view named /, 'missing_named_view'],
  [/^invalid_json$/, 'invalid UTF-8 JSON'],
  // express-pouchdb's 404 for a database it cannot find (db-access.ts answers for most names;
  // `_x` names that are not system databases reach express-pouchdb).
  [/^no_db_file$/, 'Database does not exist.'],
];

interface ErrorBody {
  error?: unknown;
  reason?: unknown;
}

function fixOne(body: ErrorBody): boolean {
  if (typeof body?.reason !== 'string') return false;
  const stack = body.reason.search(/\n\s+at /);
  if (stack >= 0) {
    // Never hand a stack trace to the client.
    body.reason = body.reason.slice(0, stack).split('\n')[0] ?? '';
    return true;
  }
  for (const [pattern, reason] of REASONS) {
    if (pattern.test(body.reason)) {
      body.reason = reason;
      return true;
    }
  }
  return false;
}

function fix(body: unknown): boolean {
  if (Array.isArray(body)) return body.map((item) => fixOne(item as ErrorBody)).some(Boolean);
  return fixOne(body as ErrorBody);
}

type End = (chunk?: unknown, ...rest: unknown[]) => unknown;

/**
 * Rewrites the `reason` of express-pouchdb's error bodies (and of `_bulk_docs` per-doc errors)
 * to CouchDB 3's text. Only small JSON bodies of errors or `_bulk_docs` replies are looked at.
 */
export function couchErrorReasons(): RequestHandler {
  return (req, res, next) => {
    const bulkDocs = req.method === 'POST' && /\/_bulk_docs(\?|$)/.test(req.url);
    const original = res.end.bind(res) as End;
    (res as unknown as { end: End }).end = (chunk?: unknown, ...rest: unknown[]) => {
      const text = Buffer.isBuffer(chunk) || typeof chunk === 'string' ? chunk : undefined;
      if ((res.statusCode >= 400 || bulkDocs) && !res.headersSent && text !== undefined && text.length < 1_000_000) {
        try {
          const body = JSON.parse(text.toString()) as unknown;
          if (fix(body)) {
            chunk = `${JSON.stringify(body)}\n`;
            res.setHeader('Content-Length', Buffer.byteLength(chunk as string));
          }
        } catch {
          // not JSON: leave it
        }
      }
      return original(chunk, ...rest);
    };
    next();
  };
}
