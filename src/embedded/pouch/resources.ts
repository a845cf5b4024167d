import { setTimeout as delay } from 'node:timers/promises';
import type { PouchDatabase, PouchStatic } from './pouch-types.js';

type Listener = (...args: unknown[]) => void;
// PouchDB's constructor events live on one emitter shared by every PouchDB class in the process.
const EVENTS = ['created', 'destroyed', 'ref', 'unref'];

interface EmitterStatic {
  on(event: string, listener: Listener): void;
}

/** What one embedded store opened in PouchDB, so close() can release it. */
export interface PouchResources {
  /** Waits until express-pouchdb lists `name` (it registers databases asynchronously). */
  waitForDb(name: string): Promise<void>;
  /** Closes every database this store opened and removes the listeners it added. */
  close(): Promise<void>;
}

/**
 * Call before express-pouchdb is attached: listeners added to PouchDB's shared emitter from now
 * until the first waitForDb() resolves belong to this store and are removed by close().
 */
export function trackPouchResources(PouchDB: PouchStatic): PouchResources {
  const before = new Map(EVENTS.map((e) => [e, new Set(PouchDB.listeners(e))]));
  const open = new Set<PouchDatabase>();
  const emitter = PouchDB as unknown as EmitterStatic;
  emitter.on('ref', (db) => {
    if (db instanceof (PouchDB as unknown as new () => PouchDatabase)) open.add(db as PouchDatabase);
  });
  emitter.on('unref', (db) => open.delete(db as PouchDatabase));
  let ours: [string, Listener][] | undefined;
  const claimListeners = (): [string, Listener][] =>
    (ours ??= EVENTS.flatMap((e) => PouchDB.listeners(e).filter((l) => !before.get(e)?.has(l)).map((l) => [e, l] as [string, Listener])));

  return {
    async waitForDb(name) {
      for (let i = 0; i < 200 && !(await PouchDB.allDbs()).includes(name); i++) await delay(10);
      claimListeners();
    },
    async close() {
      await Promise.all([...open].map((db) => db.close().catch(() => undefined)));
      for (const [event, listener] of claimListeners()) PouchDB.removeListener(event, listener);
    },
  };
}
