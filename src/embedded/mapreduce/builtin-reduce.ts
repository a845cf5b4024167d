import mapreduceUtils from 'pouchdb-mapreduce-utils';

/**
 * CouchDB's built-in reduce functions (`_count`, `_sum`, `_stats`), run in Node itself.
 * pouchdb-abstract-mapreduce reduces at query time, so `rereduce` is always false here.
 * https://docs.couchdb.org/en/stable/ddocs/ddocs.html#built-in-reduce-functions
 */

type Reduce = (keys: unknown[], values: unknown[], rereduce: boolean) => unknown;

function builtInError(message: string): Error {
  return new mapreduceUtils.BuiltInError(message);
}

function addSums(total: unknown, value: unknown): unknown {
  if (typeof value === 'number') {
    if (typeof total === 'number') return total + value;
    if (Array.isArray(total)) return total.map((t: unknown, i) => (i === 0 ? addSums(t, value) : t));
  }
  if (Array.isArray(value)) {
    const base = Array.isArray(total) ? [...(total as unknown[])] : [total];
    value.forEach((v, i) => {
      base[i] = base[i] === undefined ? addSums(0, v) : addSums(base[i], v);
    });
    return base;
  }
  if (value && typeof value === 'object') {
    const base: Record<string, unknown> = total && typeof total === 'object' && !Array.isArray(total) ? { ...total } : {};
    for (const [k, v] of Object.entries(value)) base[k] = base[k] === undefined ? addSums(0, v) : addSums(base[k], v);
    return base;
  }
  throw builtInError(
    `builtin _sum function requires map values to be numbers or lists of numbers, got ${JSON.stringify(value)}`,
  );
}

const sumReduce: Reduce = (_keys, values) => values.reduce<unknown>((total, v) => addSums(total, v), 0);

const countReduce: Reduce = (_keys, values) => values.length;

interface Stats {
  sum: number;
  count: number;
  min: number;
  max: number;
  sumsqr: number;
}

function statsOf(numbers: number[]): Stats {
  let sum = 0;
  let sumsqr = 0;
  for (const n of numbers) {
    sum += n;
    sumsqr += n * n;
  }
  return { sum, count: numbers.length, min: Math.min(...numbers), max: Math.max(...numbers), sumsqr };
}

function isStats(value: unknown): value is Stats {
  return !!value && typeof value === 'object' && 'sum' in value && 'count' in value && 'min' in value && 'max' in value;
}

const statsReduce: Reduce = (_keys, values) => {
  if (values.every((v) => typeof v === 'number')) return statsOf(values as number[]);
  if (values.every((v) => Array.isArray(v) && v.every((n) => typeof n === 'number'))) {
    const columns = Math.max(...(values as number[][]).map((v) => v.length));
    return Array.from({ length: columns }, (_, i) => statsOf((values as number[][]).map((v) => v[i] ?? 0)));
  }
  if (values.every(isStats)) {
    // Pre-aggregated stats objects are merged, as CouchDB does.
    const list = values as Stats[];
    return {
      sum: list.reduce((s, v) => s + v.sum, 0),
      count: list.reduce((s, v) => s + v.count, 0),
      min: Math.min(...list.map((v) => v.min)),
      max: Math.max(...list.map((v) => v.max)),
      sumsqr: list.reduce((s, v) => s + (v.sumsqr ?? 0), 0),
    };
  }
  throw builtInError('builtin _stats function requires map values to be numbers or lists of numbers');
};

const BUILT_INS: Record<string, Reduce> = { _sum: sumReduce, _count: countReduce, _stats: statsReduce };

/** The built-in reduce named by `source` (`_count`, `_sum`, `_stats`), or undefined for custom JS. */
export function builtInReduce(source: string): Reduce | undefined {
  const name = source.trim();
  if (!name.startsWith('_')) return undefined;
  const fn = BUILT_INS[name];
  if (!fn) throw builtInError(`unknown builtin reduce function ${name}`);
  return fn;
}
