import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CouchDb } from '../src/db/couch-db.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('CouchDb.viewRows (key-based paging)', () => {
  let t: TestServer;
  let db: CouchDb;

  before(async () => {
    t = await startTestServer();
    db = t.server.services.couch.medic;
    const ddoc = {
      _id: '_design/paging-test',
      views: { rows: { map: 'function (doc) { if (doc.paging) { for (var i = 0; i < doc.n; i++) { emit(doc.k, i); } } }' } },
    };
    await db.put(ddoc);
    // one doc emitting the same key more times than a page holds, as a message to a whole group does
    await db.bulk([
      { _id: 'a', paging: true, k: 'x', n: 12 },
      { _id: 'b', paging: true, k: 'x', n: 3 },
      { _id: 'c', paging: true, k: 'y', n: 7 },
      { _id: 'd', paging: true, k: ['z', 1], n: 1 },
    ]);
  });
  after(() => t.stop());

  const collect = async (params: Record<string, unknown>, pageSize: number) => {
    const out: string[] = [];
    for await (const row of db.viewRows('paging-test', 'rows', params, pageSize)) out.push(`${JSON.stringify(row.key)}/${row.id}/${String(row.value)}`);
    return out;
  };

  it('yields every row exactly once, in view order, whatever the page size', { timeout: 30_000 }, async () => {
    const all = (await db.view('paging-test', 'rows')).rows.map((r) => `${JSON.stringify(r.key)}/${r.id}/${String(r.value)}`);
    assert.equal(all.length, 23);
    for (const pageSize of [1, 2, 5, 12, 13, 100]) {
      assert.deepEqual(await collect({}, pageSize), all, `page size ${pageSize}`);
    }
  });

  it('pages within one key and in descending order', { timeout: 30_000 }, async () => {
    const x = await collect({ key: 'x' }, 4);
    assert.equal(x.length, 15);
    assert.equal(new Set(x).size, 15);
    const descending = await collect({ descending: true }, 5);
    const all = (await db.view('paging-test', 'rows', { descending: true })).rows.map((r) => `${JSON.stringify(r.key)}/${r.id}/${String(r.value)}`);
    assert.deepEqual(descending, all);
  });
});
