import vm from 'node:vm';

/**
 * Compile-once sandboxes for design-document JavaScript (map and reduce functions).
 *
 * CouchDB runs each design document in one long-lived couchjs process; stock pouchdb-mapreduce
 * builds a new vm context per document instead (4x slower, 5x memory). Here every distinct
 * function source gets one vm context, compiled once and cached by its source text.
 *
 * Nothing of the main realm enters a context: the global is a null-prototype object, the CouchDB
 * helpers are built by a script run inside it, documents go in as JSON text parsed there, and
 * results come out as JSON text. View code can reach only its own context's builtins. vm is not
 * a security boundary against a determined attacker (see docs/embedded-store.md): writing a
 * design document is running code in this process, which only server and db admins may do.
 */

export type Emit = (key: unknown, value: unknown) => void;

/** A compiled map function: call it with a JSON string of the document. */
export type CompiledMap = (docJson: string, emit: Emit) => void;
/** A compiled custom reduce: takes JSON strings of keys and values, returns the result JSON-copied out. */
export type CompiledReduce = (keysJson: string, valuesJson: string, rereduce: boolean) => unknown;

const mapCache = new Map<string, CompiledMap>();
const reduceCache = new Map<string, CompiledReduce>();

/** How many times JavaScript was compiled (observable in tests: once per distinct source). */
export const compileStats = { map: 0, reduce: 0 };

/**
 * Run first in every context (before any view code): defines the CouchDB query-server helpers
 * as context functions, hides the V8 stack-trace hooks, and returns `install(fn)`, which wraps a
 * view function into runners that take and return strings only. The runners are strict, so
 * `fn.caller` stops at them.
 */
const SETUP = new vm.Script(
  `(function (global) {
  'use strict';
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var isArray = Array.isArray;
  var define = Object.defineProperty;
  // Error.prepareStackTrace would hand view code V8 call sites of the frames below it.
  define(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
  define(global, 'Error', { value: Error, writable: false, configurable: false, enumerable: false });
  var rows = null;
  function helper(name, fn) { define(global, name, { value: fn, writable: true, configurable: true, enumerable: false }); }
  helper('emit', function (key, value) {
    if (rows === null) return; // emitted after the map function returned: dropped
    rows[rows.length] = stringify([key, value]); // serialised now, as CouchDB sees the values at emit
  });
  helper('log', function () {});
  helper('sum', function (values) { var total = 0; for (var i = 0; i < values.length; i++) { total += values[i]; } return total; });
  helper('isArray', isArray);
  helper('toJSON', function (value) { return stringify(value); });
  function describe(err) {
    try {
      if (err && typeof err.message === 'string') return err.message;
      var text = stringify(err);
      return typeof text === 'string' ? text : String(err);
    } catch (e) {
      return 'view function threw';
    }
  }
  return function install(fn) {
    if (typeof fn !== 'function') return null;
    return {
      map: function (docJson) {
        var out = [];
        var error = null;
        rows = out;
        try {
          fn(parse(docJson));
        } catch (err) {
          error = describe(err);
        } finally {
          rows = null;
        }
        return '{"rows":[' + out.join(',') + '],"error":' + stringify(error) + '}';
      },
      reduce: function (keysJson, valuesJson, rereduce) {
        try {
          var result = fn(parse(keysJson), parse(valuesJson), rereduce === true);
          if (result === undefined) return '{}';
          var text = stringify(result);
          return '{"value":' + (text === undefined ? 'null' : text) + '}';
        } catch (err) {
          return '{"error":' + stringify(describe(err)) + '}';
        }
      }
    };
  };
})(globalThis)`,
  { filename: 'couchdb-query-server.js' },
);

type Runner = (...args: (string | boolean)[]) => unknown;

function normaliseSource(source: string): string {
  // CouchDB accepts a trailing semicolon after the function expression.
  return source.trim().replace(/;+\s*$/, '');
}

/** Compiles `source` in a fresh context; returns the context's string-only runner for `kind`. */
function compile(source: string, filename: string, kind: 'map' | 'reduce'): Runner {
  // A null-prototype global: `this.constructor` in the context must not find the main realm's Object.
  const context = vm.createContext(Object.create(null) as object, { name: filename });
  const install = SETUP.runInContext(context) as (fn: unknown) => unknown;
  let fn: unknown;
  try {
    fn = new vm.Script(`(${normaliseSource(source)}\n)`, { filename }).runInContext(context);
  } catch (err) {
    throw compilationError(filename, err);
  }
  const runners = install(fn) as Record<string, unknown> | null;
  const runner = runners === null ? undefined : runners[kind];
  if (typeof runner !== 'function') throw compilationError(filename, 'not a function');
  return runner as Runner;
}

function compilationError(filename: string, cause: unknown): Error {
  const reason = typeof cause === 'string' ? cause : messageOf(cause);
  // CouchDB answers 400 compilation_error for a design document function that does not compile.
  return Object.assign(new Error(`Compilation of ${filename} failed: ${reason}`), { status: 400, name: 'compilation_error' });
}

/** A thrown value's message as a main-realm string (errors from running the source come from the context). */
function messageOf(err: unknown): string {
  try {
    const message = (err as { message?: unknown } | null | undefined)?.message;
    return typeof message === 'string' ? message : 'invalid source';
  } catch {
    return 'invalid source';
  }
}

/** Parses a runner's answer: JSON text only, whatever view code did to its context. */
function answer(text: unknown): Record<string, unknown> {
  const parsed: unknown = typeof text === 'string' ? JSON.parse(text) : undefined;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('view function returned no result');
  return parsed as Record<string, unknown>;
}

/** The map function for `source`, compiled on first use. */
export function compiledMap(source: string): CompiledMap {
  let compiled = mapCache.get(source);
  if (!compiled) {
    const run = compile(source, 'map.js', 'map');
    compiled = (docJson, emit) => {
      const { rows, error } = answer(run(docJson));
      if (Array.isArray(rows)) for (const row of rows as unknown[][]) emit(row[0], row[1]);
      // Rows emitted before a throw are kept, as pouchdb-mapreduce keeps them.
      if (typeof error === 'string') throw new Error(error);
    };
    compileStats.map += 1;
    mapCache.set(source, compiled);
  }
  return compiled;
}

/** The custom reduce function for `source`, compiled on first use. */
export function compiledReduce(source: string): CompiledReduce {
  let compiled = reduceCache.get(source);
  if (!compiled) {
    const run = compile(source, 'reduce.js', 'reduce');
    compiled = (keysJson, valuesJson, rereduce) => {
      const result = answer(run(keysJson, valuesJson, rereduce));
      if (typeof result.error === 'string') throw new Error(result.error);
      return result.value;
    };
    compileStats.reduce += 1;
    reduceCache.set(source, compiled);
  }
  return compiled;
}
