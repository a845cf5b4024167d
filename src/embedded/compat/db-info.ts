import type { PouchDatabase, PouchInfo } from '../pouch/pouch-types.js';
import { dbSizes } from './sizes.js';

/**
 * `GET /{db}` in CouchDB 3's shape. `update_seq` stays PouchDB's integer: CouchDB's are opaque
 * strings, and the API must treat every seq as opaque (it never does arithmetic on them).
 */
export async function couchDbInfo(db: PouchDatabase, name: string): Promise<Record<string, unknown>> {
  const info: PouchInfo = await db.info();
  const docDelCount = await deletedCount(db);
  return {
    db_name: name,
    purge_seq: 0,
    update_seq: info.update_seq,
    sizes: await dbSizes(db, info),
    props: {},
    doc_del_count: docDelCount,
    doc_count: info.doc_count,
    disk_format_version: 8,
    compact_running: false,
    cluster: { q: 1, n: 1, w: 1, r: 1 },
    instance_start_time: '0',
  };
}

interface Tombstones {
  seq: number | string;
  ids: Set<string>;
}
const tombstones = new WeakMap<PouchDatabase, Tombstones>();

/**
 * Deleted documents: PouchDB's info() lacks doc_del_count, so tombstones are tracked from the
 * changes feed (one full read per database, then only the new changes).
 */
async function deletedCount(db: PouchDatabase): Promise<number> {
  const state = tombstones.get(db) ?? { seq: 0, ids: new Set<string>() };
  const result = await db.changes({ since: state.seq, return_docs: true });
  for (const change of result.results) {
    if (change.deleted) state.ids.add(change.id);
    else state.ids.delete(change.id);
  }
  state.seq = result.last_seq;
  tombstones.set(db, state);
  return state.ids.size;
}
