import type { RequestHandler } from 'express';
import { sendError } from './send.js';

/** System databases that are addressed like any other database. */
export const SYSTEM_DBS = new Set(['_users', '_replicator', '_global_changes']);

/** What a document id names, for the access rules. */
export type IdKind = 'plain' | 'design' | 'local' | 'security' | 'invalid';

/** pouchdb-security keeps a database's `_security` in this local document. */
export const SECURITY_DOC = '_local/_security';

// Database endpoints that begin like reserved ids (`GET /db/_design_docs`, `/db/_local_docs`).
const RESERVED_ENDPOINTS = new Set(['_design', '_local', '_design_docs', '_local_docs']);

const INVALID_ID = 'Only reserved document ids may start with underscore.';

export function idKind(id: string): IdKind {
  if (!id.startsWith('_')) return 'plain';
  if (/^_design\/./s.test(id)) return 'design';
  if (id === SECURITY_DOC) return 'security';
  if (/^_local\/./s.test(id)) return 'local';
  return 'invalid';
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The request path in the one spelling both the access rules and express-pouchdb read the same
 * way, or an error reason. express-pouchdb decodes `:id(*)` after routing, so `/db/_local%2F_security`
 * is the doc `_local/_security` to it but a single segment to a rule that splits first; here
 * `_design`/`_local` ids always become two literal segments. Undefined: leave the path alone.
 */
export function canonicalDocPath(path: string): { path: string } | { error: string } | undefined {
  const raw = path.split('/');
  const [, dbRaw, idRaw, ...more] = raw;
  if (dbRaw === undefined || idRaw === undefined) return undefined;
  const dbName = decode(dbRaw);
  const first = decode(idRaw);
  if (dbName === undefined || first === undefined) return undefined; // express answers 400 itself
  if (dbName.startsWith('_') && !SYSTEM_DBS.has(dbName)) return undefined;

  let prefix: string;
  let rest: string[];
  const joined = /^(_design|_local)\/(.*)$/s.exec(first);
  if (joined?.[1] && joined[2] !== undefined) {
    // CouchDB reads `_design%2Fx` as `_design/x`; so do we, and so will express-pouchdb.
    prefix = joined[1];
    rest = [encodeURIComponent(joined[2]), ...more];
  } else if (first === '_design' || first === '_local') {
    prefix = first; // `%5Fdesign/x`: express-pouchdb's literal `_design` routes would not match it
    rest = more;
  } else if (first.startsWith('_') && (first.includes('/') || (/^_(design|local)/.test(first) && !RESERVED_ENDPOINTS.has(first)))) {
    return { error: INVALID_ID }; // `_design%252Fx`, `_designx`, `_foo%2Fbar`: no such doc can exist
  } else {
    return undefined; // plain ids (`a%2Fb` is the doc "a/b", as in CouchDB) and `_` endpoints
  }
  const [nameRaw, ...tail] = rest;
  const name = nameRaw === undefined ? undefined : decode(nameRaw);
  if (nameRaw === undefined || name === undefined) return undefined;
  if (name.includes('/')) return { error: INVALID_ID }; // `_design/x%2Fy`: ambiguous between doc and attachment
  return { path: ['', dbRaw, prefix, encodeURIComponent(name), ...tail].join('/') };
}

/** Rewrites the request to its canonical document path (see `canonicalDocPath`), or answers 400. */
export function canonicalPath(): RequestHandler {
  return (req, res, next) => {
    const queryAt = req.url.indexOf('?');
    const path = queryAt === -1 ? req.url : req.url.slice(0, queryAt);
    const canonical = canonicalDocPath(path);
    if (canonical && 'error' in canonical) {
      sendError(res, 400, 'bad_request', canonical.error);
      return;
    }
    if (canonical) req.url = canonical.path + (queryAt === -1 ? '' : req.url.slice(queryAt));
    next();
  };
}
