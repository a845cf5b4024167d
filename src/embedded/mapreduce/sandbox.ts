import vm from 'node:vm';

/**
 * Compile-once sandboxes for design-document JavaScript (map and reduce functions).
 *
 * CouchDB runs each design document in one long-lived couchjs process; stock pouchdb-mapreduce
 * builds a new vm context per document instead (4x slower, 5x memory). Here every distinct
 * function source gets one vm context, compiled once and cached by its source text.
 */

export type Emit = (key: unknown, value: unknown) => void;

interface SandboxGlobals {
  __emit: Emit;
}

/** A compiled map function: call it with a JSON string of the document. */
export type CompiledMap = (docJson: string, emit: Emit) => void;
/** A compiled custom reduce: takes JSON strings of keys and values, returns the result JSON-copied out. */
export type CompiledReduce = (keysJson: string, valuesJson: string, rereduce: boolean) => unknown;

const mapCache = new Map<string, CompiledMap>();
const reduceCache = new Map<string, CompiledReduce>();

/** How many times JavaScript was compiled (observable in tests: once per distinct source). */
export const compileStats = { map: 0, reduce: 0 };

// The CouchDB query-server helpers that view code may use.
const PRELUDE = `
  var emit = function (key, value) { __emit(key, value); };
  var sum = function (values) { var total = 0; for (var i = 0; i < values.length; i++) { total += values[i]; } return total; };
  var log = function () {};
  var isArray = Array.isArray;
  var toJSON = function (value) { return JSON.stringify(value); };
`;

function normaliseSource(source: string): string {
  // CouchDB accepts a trailing semicolon after the function expression.
  return source.trim().replace(/;+\s*$/, '');
}

interface Compiled {
  fn: (...args: unknown[]) => unknown;
  /** JSON.parse of the sandbox, so copied-in documents get the sandbox's own prototypes. */
  parse: (text: string) => unknown;
  globals: SandboxGlobals;
}

function compile(source: string, filename: string): Compiled {
  const globals: SandboxGlobals = { __emit: () => undefined };
  const context = vm.createContext(globals, { name: filename });
  const code = `${PRELUDE}\n({ fn: (${normaliseSource(source)}\n), parse: function (t) { return JSON.parse(t); } });`;
  let result: { fn: unknown; parse: Compiled['parse'] };
  try {
    result = new vm.Script(code, { filename }).runInContext(context) as typeof result;
  } catch (err) {
    throw compilationError(filename, err);
  }
  if (typeof result.fn !== 'function') throw compilationError(filename, new Error('not a function'));
  return { fn: result.fn as Compiled['fn'], parse: result.parse, globals };
}

function compilationError(filename: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  // CouchDB answers 400 compilation_error for a design document function that does not compile.
  return Object.assign(new Error(`Compilation of ${filename} failed: ${reason}`), { status: 400, name: 'compilation_error' });
}

/** JSON copy out of the sandbox: what CouchDB's query server protocol does to every emitted value. */
export function jsonCopy(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/** The map function for `source`, compiled on first use. */
export function compiledMap(source: string): CompiledMap {
  let compiled = mapCache.get(source);
  if (!compiled) {
    const { fn, parse, globals } = compile(source, 'map.js');
    compiled = (docJson, emit) => {
      globals.__emit = (key, value) => emit(jsonCopy(key), jsonCopy(value));
      fn(parse(docJson));
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
    const { fn, parse } = compile(source, 'reduce.js');
    compiled = (keysJson, valuesJson, rereduce) => jsonCopy(fn(parse(keysJson), parse(valuesJson), rereduce));
    compileStats.reduce += 1;
    reduceCache.set(source, compiled);
  }
  return compiled;
}
