/** Whether a stored doc is the one a write of ours produced, to undo only our own writes (users, contacts). Pure. */
import { isDeepStrictEqual } from 'node:util';
import type { Doc } from '../db/types.js';
import { isAppError } from '../errors.js';

/** `_users` fields a write's outcome is compared without: the password CouchDB never stores and the hash fields it adds. */
export const USERS_DB_UNCOMPARED: readonly string[] = ['password', 'password_scheme', 'iterations', 'derived_key', 'salt', 'pbkdf2_prf'];

const generation = (rev: unknown) => (typeof rev === 'string' ? Number.parseInt(rev, 10) : 0);

/** The doc as JSON would carry it, without `_rev` and the `uncompared` fields. */
function comparable(doc: Doc, uncompared: readonly string[]): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  for (const field of ['_rev', ...uncompared]) delete copy[field];
  return copy;
}

/**
 * True when `stored` is what writing `sent` produced: the next rev generation after the one sent and
 * the same body (`_rev` and the `uncompared` fields left out). Anything else may be another request's
 * write, or ours changed since: not ours to undo.
 */
export function isOwnWrite(sent: Doc, stored: Doc | undefined, uncompared: readonly string[] = []): stored is Doc & { _rev: string } {
  if (!stored || typeof stored._rev !== 'string' || generation(stored._rev) !== generation(sent._rev) + 1) return false;
  return isDeepStrictEqual(comparable(sent, uncompared), comparable(stored, uncompared));
}

/**
 * Whether a failed write may still have written: a 4xx answer from CouchDB (a 409, a 403 from a
 * validation function, a 400) means it refused the write and nothing was written; no answer (a reset,
 * a timeout: a 503 here) or a 5xx means it may have been written anyway, and only reading back tells.
 */
export function mayHaveWritten(err: unknown): boolean {
  return !(isAppError(err) && err.status >= 400 && err.status < 500);
}
