import type { Response } from 'express';
import type { EmbeddedLogger } from '../logger.js';
import { sendError } from './send.js';

// Names of JavaScript's own error classes: an error named so is a bug (ours, PouchDB's, a
// plugin's), not an answer CouchDB would give.
const JS_ERROR_NAMES = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
]);

/** CouchDB's envelope for a failure it has no name for (chttpd answers `unknown_error` then). */
export const INTERNAL_ERROR = { status: 500, error: 'unknown_error', reason: 'Internal error' } as const;

interface ErrorLike {
  status?: unknown;
  statusCode?: unknown;
  name?: unknown;
  message?: unknown;
  error?: unknown;
  stack?: unknown;
}

/**
 * Whether `err` is a plain JavaScript failure rather than a CouchDB/PouchDB error, so that its
 * message (`Cannot read properties of undefined ...`) must not reach the client:
 * - an `Error` (PouchDB's errors are too) is a CouchDB/PouchDB one when it carries an HTTP status
 *   of its own and, for a 5xx, a CouchDB name (`unknown_error` ...), not TypeError & co.; a 4xx
 *   status is always deliberate. `baseStatus` is the status express-pouchdb falls back to for an
 *   error without one: a plain `Error` with a message for a 4xx there (pouchdb-find's query
 *   checks) is a deliberate answer too;
 * - anything else that is not an `Error` is deliberate when it has a status or an `error` name:
 *   `{error, reason}` envelopes and pouchdb-plugin-error's objects (which also carry what a
 *   design function threw, as CouchDB reports it: `{"error":"TypeError", ...}`).
 */
export function isInternalError(err: unknown, baseStatus?: number): boolean {
  if (err === null || typeof err !== 'object') return true;
  const e = err as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const status = Number(e.status ?? e.statusCode);
  const hasStatus = status >= 400 && status < 600;
  if (!(err instanceof Error)) return !(hasStatus || typeof e.error === 'string');
  if (!hasStatus) return !(name === 'Error' && baseStatus !== undefined && baseStatus >= 400 && baseStatus < 500);
  if (status < 500) return false;
  return name === '' || JS_ERROR_NAMES.has(name);
}

/** What the store's error log records of an internal error: its real message and stack. */
export function describeInternal(err: unknown): { err: string; stack?: string } {
  if (err instanceof Error) return { err: err.message, stack: err.stack };
  const e = (err ?? {}) as ErrorLike;
  if (typeof e.message === 'string') return { err: e.message, stack: typeof e.stack === 'string' ? e.stack : undefined };
  try {
    return { err: typeof err === 'string' ? err : JSON.stringify(err) };
  } catch {
    return { err: String(err) };
  }
}

/** Logs `err` at error level (message, stack, request) and answers CouchDB's 500 `unknown_error`. */
export function sendInternalError(
  res: Response,
  err: unknown,
  logger: EmbeddedLogger | undefined,
  req: { method: string; path?: string; url?: string },
): void {
  logger?.error({ ...describeInternal(err), method: req.method, path: req.path ?? req.url }, 'embedded couch: internal error');
  sendError(res, INTERNAL_ERROR.status, INTERNAL_ERROR.error, INTERNAL_ERROR.reason);
}
