import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let db: string;
before(async () => {
  t = await startTestCouch();
  db = dbName('info');
  await t.call('PUT', `/${db}`);
  await t.call('PUT', `/${db}/a`, { body: {} });
  const b = await t.call('PUT', `/${db}/b`, { body: {} });
  await t.call('DELETE', `/${db}/b?rev=${(b.body as { rev: string }).rev}`);
});
after(() => t.close());

describe('GET /', () => {
  it('answers like CouchDB 3.4.3', async () => {
    const r = await t.call('GET', '/');
    const body = r.body as Record<string, unknown>;
    assert.equal(body.couchdb, 'Welcome');
    assert.equal(body.version, '3.4.3');
    assert.equal(typeof body.git_sha, 'string');
    assert.match(body.uuid as string, /^[0-9a-f]{32}$/);
    assert.ok(Array.isArray(body.features));
    assert.deepEqual(body.vendor, { name: 'The Apache Software Foundation' });
  });
});

describe('GET /{db}', () => {
  it('has CouchDB 3 fields: sizes, purge_seq, props, cluster, doc_del_count', async () => {
    const info = (await t.call('GET', `/${db}`)).body as Record<string, unknown>;
    assert.equal(info.db_name, db);
    assert.equal(info.doc_count, 1);
    assert.equal(info.doc_del_count, 1);
    assert.equal(typeof info.update_seq, 'number');
    const sizes = info.sizes as Record<string, unknown>;
    for (const k of ['file', 'external', 'active']) assert.equal(typeof sizes[k], 'number', k);
    assert.equal(info.purge_seq, 0);
    assert.equal(info.compact_running, false);
    assert.deepEqual(info.props, {});
    assert.equal(typeof info.cluster, 'object');
    assert.equal(info.instance_start_time, '0');
  });
});

describe('/_dbs_info', () => {
  it('POST {keys} returns info or not_found per key, in order', async () => {
    const r = await t.call('POST', '/_dbs_info', { body: { keys: [db, 'missing-db'] } });
    assert.equal(r.status, 200);
    const [found, missing] = r.body as { key: string; info?: { db_name: string; sizes: object }; error?: string }[];
    assert.equal(found?.key, db);
    assert.equal(found?.info?.db_name, db);
    assert.ok(found?.info?.sizes);
    assert.deepEqual(missing, { key: 'missing-db', error: 'not_found' });
  });

  it('GET lists every database', async () => {
    const r = await t.call('GET', '/_dbs_info');
    assert.ok((r.body as { key: string }[]).some((e) => e.key === db));
  });

  it('is for server admins only', async () => {
    const auth = await t.createUser('viewer', 'pw');
    assert.equal((await t.call('POST', '/_dbs_info', { auth, body: { keys: [db] } })).status, 401);
  });
});
