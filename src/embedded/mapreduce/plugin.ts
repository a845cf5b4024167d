import createAbstractMapReduce from 'pouchdb-abstract-mapreduce';
import mapreduceUtils from 'pouchdb-mapreduce-utils';
import type { PouchDatabase } from '../pouch/pouch-types.js';
import { builtInReduce } from './builtin-reduce.js';
import { queryDocIdRange, wantsDocIdRange, type ViewOptions } from './docid-range.js';
import { compiledMap, compiledReduce } from './sandbox.js';

/**
 * PouchDB `query`/`viewCleanup` plugin: pouchdb-abstract-mapreduce with compile-once sandboxes.
 * Replaces stock pouchdb-mapreduce, which makes a vm context per document (see DEPENDENCIES.md §1a).
 */

function sourceOf(fun: unknown): string {
  if (typeof fun === 'function' || typeof fun === 'string') return fun.toString();
  throw new mapreduceUtils.QueryParseError('map and reduce functions must be strings or functions');
}

function mapper(mapFun: unknown, emit: (key: unknown, value: unknown) => void): (doc: unknown) => void {
  const map = compiledMap(sourceOf(mapFun));
  return (doc) => map(JSON.stringify(doc), emit);
}

function reducer(reduceFun: unknown): (keys: unknown[], values: unknown[], rereduce: boolean) => unknown {
  const source = sourceOf(reduceFun);
  const builtIn = builtInReduce(source);
  if (builtIn) return builtIn;
  const reduce = compiledReduce(source);
  return (keys, values, rereduce) => reduce(JSON.stringify(keys), JSON.stringify(values), rereduce);
}

function ddocValidator(ddoc: { _id: string; views?: Record<string, { map?: unknown }> }, viewName: string): void {
  const view = ddoc.views?.[viewName];
  if (!view || typeof view.map !== 'string') {
    throw new mapreduceUtils.NotFoundError(`ddoc ${ddoc._id} has no string view named ${viewName}`);
  }
}

const abstract = createAbstractMapReduce('mrviews', mapper, reducer, ddocValidator);

type Query = (this: PouchDatabase, fun: unknown, opts: ViewOptions) => Promise<unknown>;
type Callback = (err: unknown, result?: unknown) => void;

/** `query`, plus CouchDB's `startkey_docid`/`endkey_docid`, which the stock one ignores. */
function query(this: PouchDatabase, fun: unknown, opts?: ViewOptions | Callback, callback?: Callback): Promise<unknown> {
  if (typeof opts === 'function') return query.call(this, fun, {}, opts);
  const options = opts ?? {};
  const promise = wantsDocIdRange(fun, options)
    ? queryDocIdRange(this, fun as string, options, abstract.query as Query)
    : (abstract.query as Query).call(this, fun, options);
  if (callback) promise.then((result) => callback(null, result), (err: unknown) => callback(err));
  return promise;
}

/** Pass to `PouchDB.plugin()`. */
export const mapReducePlugin = { query, viewCleanup: abstract.viewCleanup };
