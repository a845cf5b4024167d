import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

// View code runs in a vm context: nothing it can reach may belong to the main realm, whose
// Function would compile code with `process` and `require` in scope.

// `realm(F)` runs F('return globalThis')() for every function F a probe found: the sandbox's own
// Function gives back the sandbox global; any other realm's Function is an escape.
const REALM = `
  var G = globalThis;
  function realm(found) {
    var list = Object.prototype.toString.call(found) === '[object Array]' ? found : [found];
    var verdict = 'none';
    for (var i = 0; i < list.length; i++) {
      var F = list[i];
      if (typeof F !== 'function') continue;
      var g;
      try { g = F('return globalThis')(); } catch (e) { continue; }
      if (g !== G) return 'ESCAPED: process is ' + typeof (g && g.process);
      verdict = 'sandbox';
    }
    return verdict;
  }
  function callers(start) {
    var found = [];
    var f = start;
    for (var i = 0; i < 20 && f; i++) {
      try { f = f.caller; } catch (e) { break; }
      if (f) { found.push(f.constructor); }
    }
    return found;
  }
  function frames() {
    var found = [];
    var old = Error.prepareStackTrace;
    try { Error.prepareStackTrace = function (e, calls) { return calls; }; } catch (e) { return found; }
    var calls = new Error('probe').stack;
    try { Error.prepareStackTrace = old; } catch (e) { /* locked */ }
    if (Object.prototype.toString.call(calls) !== '[object Array]') return found;
    for (var i = 0; i < calls.length; i++) {
      try { var fn = calls[i].getFunction(); if (fn) found.push(fn.constructor); } catch (e) { /* hidden */ }
      try { var self = calls[i].getThis(); if (self) found.push(self.constructor && self.constructor.constructor); } catch (e) { /* hidden */ }
    }
    return found;
  }
  function thrown(action) { try { action(); } catch (e) { return e && e.constructor && e.constructor.constructor; } return null; }
  function errorSwap() {
    var found = [];
    try { Error = { prepareStackTrace: function (e, calls) { found.push(calls); return ''; } }; } catch (e) { return found; }
    try { String(new RangeError('x').stack); } catch (e) { /* nothing */ }
    var list = [];
    for (var i = 0; i < found.length; i++) for (var j = 0; j < found[i].length; j++) {
      try { var fn = found[i][j].getFunction(); if (fn) list.push(fn.constructor); } catch (e) { /* hidden */ }
    }
    return list;
  }
`;

const MAP = `function (doc) {
  ${REALM}
  var cyclic = {}; cyclic.self = cyclic;
  var self = arguments.callee;
  var probes = {
    global_constructor: function () { return G.constructor.constructor; },
    this_constructor: function () { return (function () { return this; })().constructor.constructor; },
    global_prototype: function () { return Object.getPrototypeOf(G).constructor.constructor; },
    emit_constructor: function () { return emit.constructor; },
    helper_constructors: function () { return [log.constructor, sum.constructor, isArray.constructor, toJSON.constructor]; },
    emit_prototype: function () { return Object.getPrototypeOf(emit).constructor; },
    hidden_globals: function () { var l = []; var names = Object.getOwnPropertyNames(G); for (var i = 0; i < names.length; i++) { try { var v = G[names[i]]; if (v && (typeof v === 'object' || typeof v === 'function')) l.push(v.constructor, v.constructor && v.constructor.constructor); } catch (e) { /* skip */ } } return l; },
    doc_constructor: function () { return [doc.constructor.constructor, doc.list.constructor.constructor, Object.getPrototypeOf(doc).constructor.constructor]; },
    emit_error: function () { return thrown(function () { emit(cyclic, 1); }); },
    emit_bigint_error: function () { return thrown(function () { emit(BigInt(1), 1); }); },
    native_error: function () { return thrown(function () { null.x(); }); },
    to_json_callers: function () { var l = []; try { emit('probe', { toJSON: function () { l = callers(arguments.callee); return 1; } }); } catch (e) { /* ignore */ } return l; },
    getter_callers: function () { var l = []; var o = {}; Object.defineProperty(o, 'x', { enumerable: true, get: function () { l = callers(arguments.callee); return 1; } }); try { emit('probe', o); } catch (e) { /* ignore */ } return l; },
    map_callers: function () { return callers(self); },
    stack_frames: function () { return frames(); },
    error_swap: function () { return errorSwap(); }
  };
  for (var name in probes) {
    var verdict;
    try { verdict = realm(probes[name]()); } catch (e) { verdict = 'threw'; }
    emit(name, verdict);
  }
}`;

const REDUCE = `function (keys, values, rereduce) {
  ${REALM}
  var self = arguments.callee;
  return {
    this_constructor: realm(this.constructor.constructor),
    args: realm([keys.constructor.constructor, values.constructor.constructor, sum.constructor]),
    callers: realm(callers(self)),
    stack_frames: realm(frames()),
    error: realm(thrown(function () { undefined.x(); }))
  };
}`;

let t: TestCouch;
let db: string;
before(async () => {
  t = await startTestCouch();
  db = dbName('sandbox');
  await t.call('PUT', `/${db}`);
  await t.call('PUT', `/${db}/doc`, { body: { list: [1, 2] } });
  const ddoc = { views: { escape: { map: MAP }, reduce_escape: { map: 'function (doc) { emit(doc._id, 1); }', reduce: REDUCE } } };
  assert.equal((await t.call('PUT', `/${db}/_design/probe`, { body: ddoc })).status, 201);
});
after(() => t.close());

describe('view code sandbox', () => {
  it('gives map functions nothing from the main realm', async () => {
    const r = await t.call('GET', `/${db}/_design/probe/_view/escape`);
    assert.equal(r.status, 200, r.text);
    const rows = (r.body as { rows: { key: string; value: string }[] }).rows.filter((row) => row.key !== 'probe');
    const verdicts = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    assert.equal(Object.keys(verdicts).length, 16, `every probe reported: ${JSON.stringify(verdicts)}`);
    for (const [probe, verdict] of Object.entries(verdicts)) {
      assert.ok(verdict === 'sandbox' || verdict === 'none', `${probe}: ${verdict}`);
    }
    // The probes did find functions to try (sandbox ones), so a "none" everywhere would be a broken test.
    assert.equal(verdicts.global_constructor, 'sandbox');
    assert.equal(verdicts.emit_constructor, 'sandbox');
    assert.equal(verdicts.emit_error, 'sandbox');
  });

  it('gives reduce functions nothing from the main realm', async () => {
    const r = await t.call('GET', `/${db}/_design/probe/_view/reduce_escape`);
    assert.equal(r.status, 200, r.text);
    const value = (r.body as { rows: { value: Record<string, string> }[] }).rows[0]?.value ?? {};
    assert.deepEqual(Object.keys(value).sort(), ['args', 'callers', 'error', 'stack_frames', 'this_constructor']);
    for (const [probe, verdict] of Object.entries(value)) {
      assert.ok(verdict === 'sandbox' || verdict === 'none', `${probe}: ${verdict}`);
    }
    assert.equal(value.this_constructor, 'sandbox');
  });

  it('still maps, reduces and reports errors after the probes', async () => {
    const name = dbName('after-probe');
    await t.call('PUT', `/${name}`);
    await t.call('POST', `/${name}/_bulk_docs`, { body: { docs: [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, { _id: 'c', bad: true }] } });
    const map = 'function (doc) { emit(doc._id, doc.n); if (doc.bad) { throw new Error("bad doc"); } emit([doc._id, 2], { n: doc.n }); }';
    const reduce = 'function (keys, values, rereduce) { return values.length; }';
    await t.call('PUT', `/${name}/_design/d`, { body: { views: { v: { map }, r: { map, reduce } } } });
    const rows = ((await t.call('GET', `/${name}/_design/d/_view/v`)).body as { rows: unknown[] }).rows;
    assert.deepEqual(rows, [
      { id: 'a', key: 'a', value: 1 },
      { id: 'b', key: 'b', value: 2 },
      { id: 'c', key: 'c', value: null },
      { id: 'a', key: ['a', 2], value: { n: 1 } },
      { id: 'b', key: ['b', 2], value: { n: 2 } },
    ]);
    assert.deepEqual(((await t.call('GET', `/${name}/_design/d/_view/r`)).body as { rows: unknown[] }).rows, [{ key: null, value: 5 }]);
  });
});
