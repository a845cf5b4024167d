/** Test helper: the real database handle, with every call counted (each call is one CouchDB request). */
import type { CouchDb } from '../../db/couch-db.js';

export interface CountingDb {
  db: CouchDb;
  calls: Array<{ method: string; args: unknown[] }>;
  /** Runs before the real call of that method (once per call): tests use it to make a real concurrent write. */
  before: Partial<Record<string, (args: unknown[]) => Promise<void>>>;
}

export function countingDb(real: CouchDb): CountingDb {
  const calls: CountingDb['calls'] = [];
  const before: CountingDb['before'] = {};
  const db = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        calls.push({ method: prop, args });
        await before[prop]?.(args);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db, calls, before };
}
