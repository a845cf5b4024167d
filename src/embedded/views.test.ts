import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compileStats } from './mapreduce/sandbox.js';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let db: string;

// ES5 and modern syntax side by side, built-in and custom reduces.
const ddoc = {
  views: {
    by_type: { map: 'function (doc) { if (doc.type) { emit([doc.type, doc.n], doc.n); } }', reduce: '_count' },
    sum_n: { map: '(doc) => { if (doc.type) emit(doc.type, doc.n); }', reduce: '_sum' },
    stats_n: { map: 'function (doc) { if (doc.type) { emit(doc.type, doc.n); } }', reduce: '_stats' },
    custom: {
      map: 'function (doc) { const t = `${doc.type}`; if (doc.type) emit(t, doc.n); }',
      reduce: 'function (keys, values, rereduce) { return sum(values) * 10; }',
    },
    by_n: { map: 'function (doc) { if (isArray(doc.tags)) { emit(doc.n, null); } }' },
    by_kind: { map: 'function (doc) { if (doc.type) { emit(doc.type, doc.n); } }' },
  },
};

type ViewRows = { rows: { id?: string; key: unknown; value: unknown; doc?: { _id: string } }[]; total_rows?: number };
const view = async (path: string, body?: unknown): Promise<ViewRows> => {
  const r = await t.call(body ? 'POST' : 'GET', `/${db}/_design/app/_view/${path}`, { body });
  assert.equal(r.status, 200, r.text);
  return r.body as ViewRows;
};

before(async () => {
  t = await startTestCouch();
  db = dbName('views');
  await t.call('PUT', `/${db}`);
  const docs = Array.from({ length: 10 }, (_, n) => ({ _id: `d${n}`, type: n % 2 ? 'odd' : 'even', n, tags: [] }));
  await t.call('POST', `/${db}/_bulk_docs`, { body: { docs } });
  await t.call('PUT', `/${db}/_design/app`, { body: ddoc });
});
after(() => t.close());

describe('views', () => {
  it('GET with reduce=false, limit, skip, descending and include_docs', async () => {
    const r = await view('by_type?reduce=false&startkey=["odd"]&endkey=["odd",{}]&limit=2&skip=1&include_docs=true');
    assert.deepEqual(r.rows.map((row) => row.key), [['odd', 3], ['odd', 5]]);
    assert.equal(r.rows[0]?.doc?._id, 'd3');
    const desc = await view('by_n?descending=true&limit=3');
    assert.deepEqual(desc.rows.map((row) => row.key), [9, 8, 7]);
  });

  it('POST {keys} and startkey_docid', async () => {
    const r = await view('by_n?reduce=false', { keys: [4, 2] });
    assert.deepEqual(r.rows.map((row) => row.id), ['d4', 'd2']);
    const paged = await view('by_type?reduce=false&startkey=["even",4]&startkey_docid=d4&limit=1');
    assert.equal(paged.rows[0]?.id, 'd4');
  });

  it('startkey_docid / endkey_docid narrow rows of the same key, as in CouchDB (key-based paging)', async () => {
    const ids = async (query: string) => (await view(`by_kind?${query}`)).rows.map((row) => row.id);
    assert.deepEqual(await ids('startkey="even"&endkey="even"&startkey_docid=d4'), ['d4', 'd6', 'd8']);
    assert.deepEqual(await ids('key="even"&startkey_docid=d5'), ['d6', 'd8']);
    assert.deepEqual(await ids('startkey="even"&endkey="even"&startkey_docid=d4&endkey_docid=d6'), ['d4', 'd6']);
    assert.deepEqual(await ids('startkey="even"&endkey="even"&startkey_docid=d4&endkey_docid=d6&inclusive_end=false'), ['d4']);
    assert.deepEqual(await ids('startkey="even"&startkey_docid=d6&limit=4'), ['d6', 'd8', 'd1', 'd3']);
    assert.deepEqual(await ids('startkey="even"&endkey="even"&startkey_docid=d6&descending=true'), ['d6', 'd4', 'd2', 'd0']);
    assert.deepEqual(await ids('startkey="odd"&endkey="even"&endkey_docid=d6&descending=true'), ['d9', 'd7', 'd5', 'd3', 'd1', 'd8', 'd6']);
    const paged = await view('by_kind?startkey="even"&endkey="even"&startkey_docid=d2&skip=1&limit=2&include_docs=true');
    assert.deepEqual(paged.rows.map((row) => [row.id, row.key, row.value, row.doc?._id]), [['d4', 'even', 4, 'd4'], ['d6', 'even', 6, 'd6']]);
    const posted = await view('by_kind', { startkey: 'odd', startkey_docid: 'd7' });
    assert.deepEqual(posted.rows.map((row) => row.id), ['d7', 'd9']);
  });

  it('built-in reduces (_count, _sum, _stats) with group and group_level', async () => {
    assert.deepEqual((await view('by_type')).rows, [{ key: null, value: 10 }]);
    assert.deepEqual((await view('by_type?group_level=1')).rows, [
      { key: ['even'], value: 5 },
      { key: ['odd'], value: 5 },
    ]);
    assert.deepEqual((await view('sum_n?group=true')).rows, [
      { key: 'even', value: 20 },
      { key: 'odd', value: 25 },
    ]);
    const stats = (await view('stats_n?key="odd"')).rows[0]?.value;
    assert.deepEqual(stats, { sum: 25, count: 5, min: 1, max: 9, sumsqr: 165 });
  });

  it('custom JS reduce with sum()', async () => {
    assert.deepEqual((await view('custom?group=true')).rows, [
      { key: 'even', value: 200 },
      { key: 'odd', value: 250 },
    ]);
  });

  it('accepts stale=ok and update=false', async () => {
    assert.equal((await view('by_n?stale=ok&limit=1')).rows.length, 1);
    assert.equal((await view('by_n?update=false&limit=1')).rows.length, 1);
  });

  it('answers 404 for a missing view or design doc', async () => {
    assert.equal((await t.call('GET', `/${db}/_design/app/_view/nope`)).status, 404);
    assert.equal((await t.call('GET', `/${db}/_design/nope/_view/x`)).status, 404);
  });

  it('compiles each map and reduce function once, not per document or per query', async () => {
    const marker = `/* ${Date.now()} */`;
    const big = dbName('compile');
    await t.call('PUT', `/${big}`);
    const docs = Array.from({ length: 300 }, (_, n) => ({ _id: `x${n}`, n }));
    await t.call('POST', `/${big}/_bulk_docs`, { body: { docs } });
    const map = `function (doc) { ${marker} emit(doc.n, 1); }`;
    const reduce = `function (k, v) { ${marker} return sum(v); }`;
    await t.call('PUT', `/${big}/_design/c`, { body: { views: { v: { map, reduce } } } });
    const before = { ...compileStats };
    for (let i = 0; i < 3; i++) {
      const r = await t.call('GET', `/${big}/_design/c/_view/v`);
      assert.deepEqual((r.body as ViewRows).rows, [{ key: null, value: 300 + i }]);
      await t.call('PUT', `/${big}/more${i}`, { body: { n: 1000 + i } });
    }
    assert.equal(compileStats.map - before.map, 1);
    assert.equal(compileStats.reduce - before.reduce, 1);
  });

  it('isolates documents: a map function cannot change what the next one sees', async () => {
    const iso = dbName('iso');
    await t.call('PUT', `/${iso}`);
    await t.call('POST', `/${iso}/_bulk_docs`, { body: { docs: [{ _id: 'a', v: 1 }, { _id: 'b', v: 1 }] } });
    const map = 'function (doc) { doc.v += 1; emit(doc._id, doc.v); }';
    await t.call('PUT', `/${iso}/_design/i`, { body: { views: { v: { map } } } });
    const r = await t.call('GET', `/${iso}/_design/i/_view/v`);
    assert.deepEqual((r.body as ViewRows).rows.map((row) => row.value), [2, 2]);
    assert.equal(((await t.call('GET', `/${iso}/a`)).body as { v: number }).v, 1);
  });
});

describe('GET /{db}/_design/{ddoc}/_info', () => {
  it('answers CouchDB 3 view_index info, and 404 for a missing ddoc', async () => {
    await view('by_n?limit=1');
    const r = await t.call('GET', `/${db}/_design/app/_info`);
    assert.equal(r.status, 200);
    const body = r.body as { name: string; view_index: Record<string, unknown> };
    assert.equal(body.name, 'app');
    const { signature, sizes, update_seq, ...rest } = body.view_index;
    assert.equal(typeof signature, 'string');
    assert.deepEqual(Object.keys(sizes as object).sort(), ['active', 'external', 'file']);
    assert.equal(typeof update_seq, 'number');
    assert.deepEqual(rest, {
      language: 'javascript',
      purge_seq: 0,
      updater_running: false,
      compact_running: false,
      waiting_clients: 0,
      waiting_commit: false,
    });
    const missing = await t.call('GET', `/${db}/_design/nope/_info`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: 'not_found', reason: 'missing' });
  });
});
