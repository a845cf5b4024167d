import { parseIndexableString, toIndexableString } from 'pouchdb-collate';
import type { PouchDatabase, PouchDoc } from '../pouch/pouch-types.js';

/** View query options as they reach PouchDB's `query` (query-string values already JSON-decoded). */
export type ViewOptions = Record<string, unknown>;

type Query = (this: PouchDatabase, fun: unknown, opts: ViewOptions) => Promise<unknown>;
interface ViewDef {
  map?: unknown;
  reduce?: unknown;
}
type WithViewCache = PouchDatabase & { _cachedViews?: Record<string, Promise<{ db: PouchDatabase }>> };

const HIGH = {}; // collates after every key and doc id

/** pouchdb-abstract-mapreduce's view signature (its `createViewSignature`). */
const source = (fn: unknown) => (!fn ? 'undefined' : typeof fn === 'string' || typeof fn === 'function' ? fn.toString() : JSON.stringify(fn));

/**
 * Does this query narrow a key by doc id? CouchDB's `startkey_docid`/`endkey_docid` (with a
 * `startkey`/`endkey`) are what key-based paging relies on; pouchdb-abstract-mapreduce ignores them.
 */
export function wantsDocIdRange(fun: unknown, opts: ViewOptions): boolean {
  if (typeof fun !== 'string' || opts.keys !== undefined) return false;
  const hasStart = opts.startkey !== undefined || opts.key !== undefined;
  const hasEnd = opts.endkey !== undefined || opts.key !== undefined;
  return (opts.startkey_docid !== undefined && hasStart) || (opts.endkey_docid !== undefined && hasEnd);
}

/** The index-key range of a query: rows are stored under `[key, docId]` (plus a counter for repeats). */
function indexRange(opts: ViewOptions): ViewOptions {
  const start = opts.key !== undefined ? opts.key : opts.startkey;
  const end = opts.key !== undefined ? opts.key : opts.endkey;
  const startId = opts.startkey_docid === undefined ? undefined : String(opts.startkey_docid);
  const endId = opts.endkey_docid === undefined ? undefined : String(opts.endkey_docid);
  const inclusive = opts.inclusive_end !== false;
  const range: ViewOptions = { descending: opts.descending === true };
  if (opts.descending === true) {
    if (start !== undefined) range.startkey = toIndexableString(startId === undefined ? [start, HIGH] : [start, startId, HIGH]);
    if (end !== undefined) {
      range.endkey = toIndexableString(endId === undefined ? (inclusive ? [end] : [end, HIGH]) : inclusive ? [end, endId] : [end, endId, HIGH]);
      range.inclusive_end = inclusive || endId === undefined;
    }
  } else {
    if (start !== undefined) range.startkey = toIndexableString(startId === undefined ? [start] : [start, startId]);
    if (end !== undefined) {
      range.endkey = toIndexableString(endId === undefined ? (inclusive ? [end, HIGH] : [end]) : inclusive ? [end, endId, HIGH] : [end, endId]);
      range.inclusive_end = inclusive || endId === undefined;
    }
  }
  return range;
}

/**
 * Runs a view query with doc-id bounds on PouchDB's own index: the index is brought up to date by
 * an empty query first (so `stale` is honoured), then read directly between `[key, docid]` bounds.
 * Reduce queries keep the stock behaviour (CouchDB ignores doc ids for grouped reductions too).
 */
export async function queryDocIdRange(db: PouchDatabase, fun: string, opts: ViewOptions, query: Query): Promise<unknown> {
  const [ddocName, viewName] = fun.includes('/') ? fun.split('/') : [fun, fun];
  const ddoc = (await db.get(`_design/${ddocName}`)) as PouchDoc & { views?: Record<string, ViewDef> };
  const def = ddoc.views?.[viewName as string];
  if (!def || (def.reduce && opts.reduce !== false)) return query.call(db, fun, opts);
  const { startkey_docid: _s, endkey_docid: _e, ...plain } = opts;
  await query.call(db, fun, { ...plain, limit: 0, skip: 0, include_docs: false, reduce: false });
  const view = await (db as WithViewCache)._cachedViews?.[source(def.map) + source(def.reduce) + 'undefined'];
  if (!view) return query.call(db, fun, opts);
  const skip = Number(opts.skip ?? 0);
  const res = await view.db.allDocs({ ...indexRange(opts), include_docs: true, skip, ...(opts.limit === undefined ? {} : { limit: Number(opts.limit) }) });
  const rows: Array<Record<string, unknown>> = res.rows.map((r) => {
    const [key, id] = parseIndexableString(r.id) as [unknown, string];
    return { id, key, value: r.doc && 'value' in r.doc ? r.doc.value : null };
  });
  if (opts.include_docs) {
    const idOf = (row: Record<string, unknown>) => {
      const value = row.value as { _id?: unknown } | null;
      return value && typeof value === 'object' && typeof value._id === 'string' ? value._id : (row.id as string);
    };
    const found = await db.allDocs({ keys: [...new Set(rows.map(idOf))], include_docs: true, conflicts: opts.conflicts, attachments: opts.attachments });
    const docs = new Map(found.rows.map((r) => [r.id, r.doc]));
    for (const row of rows) {
      const doc = docs.get(idOf(row));
      if (doc) row.doc = doc;
    }
  }
  return { total_rows: res.total_rows, offset: skip, rows };
}
