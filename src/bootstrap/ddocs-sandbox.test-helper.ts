/**
 * Test helper: runs design-doc sources the way the embedded server (couchdb-eval: `return <source>`
 * in strict mode) and CouchDB do, in a separate `node:vm` realm with only CouchDB's helpers.
 */
import vm from 'node:vm';
import type { DesignDoc, DesignDocSet } from './ddocs.js';

export interface Row {
  key: unknown;
  value: unknown;
}

type Fn = (...args: unknown[]) => unknown;

function findUndefined(value: unknown, path: string): string | undefined {
  if (value === undefined) return path;
  if (typeof value === 'number' && !Number.isFinite(value)) return `${path} (${value})`;
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const found = findUndefined(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** CouchDB stores emitted data as JSON: refuse what JSON would silently change, then copy into this realm. */
function plain(value: unknown, what: string): unknown {
  const bad = findUndefined(value, what);
  if (bad) throw new Error(`emitted a non-JSON value at ${bad}`);
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function compile(source: string, helpers: Record<string, unknown>): Fn {
  const context = vm.createContext({});
  const names = Object.keys(helpers);
  const wrapper = `'use strict';\n(function (${names.join(', ')}) { return ${source}\n})`;
  const factory = vm.runInContext(wrapper, context) as Fn;
  const fn = factory(...names.map((n) => helpers[n]));
  if (typeof fn !== 'function') throw new Error('source does not evaluate to a function');
  return fn as Fn;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A map function: returns the rows it emits for one doc (the doc is frozen: maps must not mutate it). */
export function mapper(source: string): (doc: Record<string, unknown>) => Row[] {
  let rows: Row[] = [];
  const emit = (key: unknown, value: unknown) => {
    rows.push({ key: plain(key, 'key'), value: plain(value, 'value') });
  };
  const fn = compile(source, { emit, log: () => undefined, isArray: Array.isArray, sum, toJSON: JSON.stringify });
  return (doc) => {
    rows = [];
    fn(deepFreeze(structuredClone(doc)));
    return rows;
  };
}

function builtinReduce(name: string): (values: unknown[], rereduce: boolean) => unknown {
  if (name === '_count') return (values, rereduce) => (rereduce ? sum(values as number[]) : values.length);
  if (name === '_sum') return (values) => sum(values as number[]);
  throw new Error(`unsupported builtin reduce ${name}`);
}

/**
 * Reduces rows like CouchDB: grouped by key prefix (`groupLevel`), `'exact'` (group=true) or
 * everything at once; checks that a split rereduce gives the same answer as one pass.
 */
export function reduceRows(source: string, rows: Row[], group: number | 'exact' | 'all' = 'all'): Row[] {
  const run = source.startsWith('_')
    ? builtinReduce(source)
    : (() => {
        const fn = compile(source, { log: () => undefined, isArray: Array.isArray, sum, toJSON: JSON.stringify });
        return (values: unknown[], rereduce: boolean) =>
          plain(fn(rereduce ? null : values.map(() => null), values, rereduce), 'reduce');
      })();
  const groups = new Map<string, { key: unknown; values: unknown[] }>();
  for (const row of rows) {
    let key: unknown = null;
    if (group === 'exact') key = row.key;
    else if (typeof group === 'number') key = Array.isArray(row.key) ? row.key.slice(0, group) : row.key;
    const id = JSON.stringify(key);
    const entry = groups.get(id) ?? { key, values: [] };
    entry.values.push(row.value);
    groups.set(id, entry);
  }
  return [...groups.values()].map(({ key, values }) => {
    const once = run(values, false);
    if (values.length > 1) {
      const half = Math.ceil(values.length / 2);
      const split = run([run(values.slice(0, half), false), run(values.slice(half), false)], true);
      if (JSON.stringify(split) !== JSON.stringify(once)) {
        throw new Error(`rereduce differs: ${JSON.stringify(split)} vs ${JSON.stringify(once)}`);
      }
    }
    return { key, value: once };
  });
}

export type VduResult = 'ok' | { forbidden: string } | { unauthorized: string };

/** A validate_doc_update function: 'ok', or the `{forbidden}` / `{unauthorized}` it threw. */
export function validator(
  source: string,
): (newDoc: Record<string, unknown>, oldDoc: Record<string, unknown> | null, userCtx: unknown, secObj?: unknown) => VduResult {
  const fn = compile(source, { log: () => undefined, isArray: Array.isArray, sum, toJSON: JSON.stringify });
  return (newDoc, oldDoc, userCtx, secObj = {}) => {
    try {
      fn(deepFreeze(structuredClone(newDoc)), oldDoc && deepFreeze(structuredClone(oldDoc)), userCtx, secObj);
      return 'ok';
    } catch (err) {
      const thrown = err as Record<string, unknown>;
      if (typeof thrown?.forbidden === 'string') return { forbidden: thrown.forbidden };
      if (typeof thrown?.unauthorized === 'string') return { unauthorized: thrown.unauthorized };
      throw err;
    }
  };
}

export function ddoc(set: DesignDocSet, db: keyof DesignDocSet, name: string): DesignDoc {
  const found = set[db].find((d) => d._id === `_design/${name}`);
  if (!found) throw new Error(`no _design/${name} in ${db}`);
  return found;
}

/** Map function of `<db>/_design/<ddoc>/<view>`, plus its reduce source when it has one. */
export function view(set: DesignDocSet, db: keyof DesignDocSet, name: string, viewName: string) {
  const source = ddoc(set, db, name).views[viewName];
  if (!source) throw new Error(`no view ${name}/${viewName}`);
  const map = mapper(source.map);
  return {
    map,
    reduce: source.reduce,
    /** All rows the view emits for `docs`, in doc order. */
    rows: (docs: Array<Record<string, unknown>>) => docs.flatMap((doc) => map(doc)),
  };
}
