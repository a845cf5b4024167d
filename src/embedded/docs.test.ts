import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let db: string;
before(async () => {
  t = await startTestCouch();
  db = dbName('docs');
  await t.call('PUT', `/${db}`);
  const docs = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ _id: id, n: i }));
  await t.call('POST', `/${db}/_bulk_docs`, { body: { docs } });
});
after(() => t.close());

type Row = { id: string; key: string; doc?: { n: number }; error?: string };
const ids = (body: unknown): string[] => (body as { rows: Row[] }).rows.map((r) => r.key);

describe('documents and error bodies', () => {
  it('creates, reads, conflicts (409) and deletes', async () => {
    const created = await t.call('PUT', `/${db}/doc1`, { body: { v: 1 } });
    assert.equal(created.status, 201);
    const rev = (created.body as { rev: string }).rev;
    const conflict = await t.call('PUT', `/${db}/doc1`, { body: { v: 2 } });
    assert.equal(conflict.status, 409);
    assert.deepEqual(conflict.body, { error: 'conflict', reason: 'Document update conflict.' });
    assert.equal((await t.call('DELETE', `/${db}/doc1?rev=${rev}`)).status, 200);
    const gone = await t.call('GET', `/${db}/doc1`);
    assert.equal(gone.status, 404);
    assert.equal((gone.body as { error: string }).error, 'not_found');
  });

  it('answers 404 missing for a missing doc and "Database does not exist." for a missing db', async () => {
    assert.deepEqual((await t.call('GET', `/${db}/nope`)).body, { error: 'not_found', reason: 'missing' });
    const r = await t.call('GET', '/no-such-db/x');
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { error: 'not_found', reason: 'Database does not exist.' });
    assert.equal((await t.call('GET', '/no-such-db')).status, 404);
    assert.equal((await t.call('DELETE', '/no-such-db')).status, 404);
    // Unknown `_x` names reach express-pouchdb, which said `no_db_file`.
    for (const path of ['/_xyz', '/_xyz/doc', '/_xyz/_all_docs']) {
      const unknown = await t.call('GET', path);
      assert.equal(unknown.status, 404, path);
      assert.deepEqual(unknown.body, { error: 'not_found', reason: 'Database does not exist.' }, path);
    }
  });

  it('answers 412 file_exists when the db exists and 400 for an illegal name', async () => {
    const r = await t.call('PUT', `/${db}`);
    assert.equal(r.status, 412);
    assert.equal((r.body as { error: string }).error, 'file_exists');
    assert.equal((await t.call('PUT', '/Bad%20Name')).status, 400);
  });

  it('answers HEAD with the status only', async () => {
    assert.equal((await t.call('HEAD', `/${db}/a`)).status, 200);
    assert.equal((await t.call('HEAD', `/${db}/nope`)).status, 404);
    assert.equal((await t.call('HEAD', `/${db}`)).status, 200);
  });

  it('_bulk_docs returns per-doc results including conflicts', async () => {
    const r = await t.call('POST', `/${db}/_bulk_docs`, { body: { docs: [{ _id: 'bulk1' }, { _id: 'a' }] } });
    assert.equal(r.status, 201);
    const [ok, conflict] = r.body as Record<string, unknown>[];
    assert.equal(ok?.id, 'bulk1');
    assert.ok(ok?.rev);
    assert.deepEqual(conflict, { id: 'a', error: 'conflict', reason: 'Document update conflict.' });
  });

  it('_bulk_get, _revs_diff and _local docs work', async () => {
    const got = await t.call('POST', `/${db}/_bulk_get`, { body: { docs: [{ id: 'a' }, { id: 'missing' }] } });
    const results = (got.body as { results: { id: string; docs: { ok?: unknown; error?: unknown }[] }[] }).results;
    assert.ok(results[0]?.docs[0]?.ok);
    assert.deepEqual(results[1]?.docs[0], { error: { id: 'missing', rev: 'undefined', error: 'not_found', reason: 'missing' } });
    const diff = await t.call('POST', `/${db}/_revs_diff`, { body: { a: ['9-zzz'] } });
    assert.deepEqual(diff.body, { a: { missing: ['9-zzz'] } });
    assert.equal((await t.call('PUT', `/${db}/_local/checkpoint`, { body: { seq: 3 } })).status, 201);
    assert.equal(((await t.call('GET', `/${db}/_local/checkpoint`)).body as { seq: number }).seq, 3);
  });

  it('_uuids returns the requested count', async () => {
    const r = await t.call('GET', '/_uuids?count=3');
    assert.equal((r.body as { uuids: string[] }).uuids.length, 3);
  });

  it('_find with an _index', async () => {
    assert.equal((await t.call('POST', `/${db}/_index`, { body: { index: { fields: ['n'] } } })).status, 200);
    const r = await t.call('POST', `/${db}/_find`, { body: { selector: { n: { $gte: 3 } }, fields: ['_id'] } });
    assert.deepEqual((r.body as { docs: { _id: string }[] }).docs.map((d) => d._id).sort(), ['d', 'e']);
  });
});

describe('_all_docs', () => {
  before(async () => {
    db = dbName('alldocs');
    await t.call('PUT', `/${db}`);
    const docs = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ _id: id, n: i }));
    await t.call('POST', `/${db}/_bulk_docs`, { body: { docs } });
  });

  it('honours startkey/endkey, start_key/end_key and inclusive_end (a range is never ignored)', async () => {
    assert.deepEqual(ids((await t.call('GET', `/${db}/_all_docs?startkey="b"&endkey="d"`)).body), ['b', 'c', 'd']);
    assert.deepEqual(ids((await t.call('GET', `/${db}/_all_docs?start_key="b"&end_key="c"`)).body), ['b', 'c']);
    assert.deepEqual(ids((await t.call('GET', `/${db}/_all_docs?startkey="b"&endkey="d"&inclusive_end=false`)).body), ['b', 'c']);
  });

  it('honours keys (GET and POST), include_docs, limit, skip and descending', async () => {
    const get = await t.call('GET', `/${db}/_all_docs?keys=${encodeURIComponent('["c","zz"]')}`);
    const rows = (get.body as { rows: Row[] }).rows;
    assert.equal(rows[0]?.id, 'c');
    assert.equal(rows[1]?.error, 'not_found');
    const post = await t.call('POST', `/${db}/_all_docs?include_docs=true`, { body: { keys: ['e', 'a'] } });
    assert.deepEqual((post.body as { rows: Row[] }).rows.map((r) => r.doc?.n), [4, 0]);
    const page = await t.call('GET', `/${db}/_all_docs?startkey="a"&endkey="e"&limit=2&skip=1&descending=false`);
    assert.deepEqual(ids(page.body), ['b', 'c']);
    assert.deepEqual(ids((await t.call('GET', `/${db}/_all_docs?startkey="c"&endkey="a"&descending=true`)).body), ['c', 'b', 'a']);
  });
});

describe('attachments', () => {
  it('standalone PUT/GET with a "/" in the name, stubs with md5 digest and length', async () => {
    const bytes = Buffer.from('hello world');
    const put = await t.call('PUT', `/${db}/withatt/dir/file.txt`, { body: bytes, headers: { 'content-type': 'text/plain' } });
    assert.equal(put.status, 201);
    const get = await fetch(`${t.url}/${db}/withatt/dir/file.txt`, { headers: { authorization: `Basic ${Buffer.from('admin:pass').toString('base64')}` } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('content-type'), 'text/plain');
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), bytes);
    const doc = (await t.call('GET', `/${db}/withatt`)).body as { _attachments: Record<string, Record<string, unknown>> };
    const stub = doc._attachments['dir/file.txt'];
    assert.deepEqual(stub, {
      content_type: 'text/plain',
      revpos: 1,
      digest: `md5-${createHash('md5').update(bytes).digest('base64')}`,
      length: bytes.length,
      stub: true,
    });
  });

  it('inline base64 attachments and ?attachments=true', async () => {
    const data = Buffer.from('inline!').toString('base64');
    await t.call('PUT', `/${db}/inline`, { body: { _attachments: { 'a.txt': { content_type: 'text/plain', data } } } });
    const full = (await t.call('GET', `/${db}/inline?attachments=true`)).body as { _attachments: Record<string, { data: string }> };
    assert.equal(full._attachments['a.txt']?.data, data);
  });
});
