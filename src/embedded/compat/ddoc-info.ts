import type { PouchDatabase, PouchDoc } from '../pouch/pouch-types.js';
import { md5Hex, storeSizes, type Sizes } from './sizes.js';

interface ViewDef {
  map?: unknown;
  reduce?: unknown;
}
interface CachedView {
  seq?: number;
  db: PouchDatabase;
}
type WithViewCache = PouchDatabase & { _cachedViews?: Record<string, Promise<CachedView>> };

const asSource = (fn: unknown): string => (fn === undefined || fn === null || fn === '' ? 'undefined' : String(fn));

/**
 * `GET /{db}/_design/{ddoc}/_info` in CouchDB 3's shape (express-pouchdb says "Not implemented.").
 * PouchDB keeps one index database per view, named after the view's signature; sizes come from
 * those, `update_seq` from the views this process has already built (0 before the first query).
 */
export async function designDocInfo(db: PouchDatabase, ddoc: PouchDoc): Promise<Record<string, unknown>> {
  const views = (ddoc.views ?? {}) as Record<string, ViewDef>;
  const total: Sizes = { file: 0, external: 0, active: 0 };
  let updateSeq = 0;
  for (const view of Object.values(views)) {
    // pouchdb-abstract-mapreduce's createViewSignature
    const signature = asSource(view.map) + asSource(view.reduce) + 'undefined';
    const cached = await (db as WithViewCache)._cachedViews?.[signature]?.catch(() => undefined);
    const rows = cached ? (await cached.db.info()).doc_count : 0;
    const sizes = await storeSizes(db, `${db.name}-mrview-${md5Hex(signature)}`, rows);
    total.file += sizes.file;
    total.external += sizes.external;
    total.active += sizes.active;
    updateSeq = Math.max(updateSeq, Number(cached?.seq ?? 0));
  }
  const name = ddoc._id.replace(/^_design\//, '');
  return {
    name,
    view_index: {
      signature: md5Hex(JSON.stringify({ views, language: ddoc.language ?? 'javascript' })),
      language: typeof ddoc.language === 'string' ? ddoc.language : 'javascript',
      sizes: total,
      update_seq: updateSeq,
      purge_seq: 0,
      updater_running: false,
      compact_running: false,
      waiting_clients: 0,
      waiting_commit: false,
    },
  };
}
