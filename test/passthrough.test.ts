import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { basicAuth } from './helpers/http-client.js';
import { createOnlineUser } from './helpers/users.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('CouchDB pass-through', () => {
  let t: TestServer;
  let db: string;

  before(async () => {
    t = await startTestServer();
    db = `/${t.dbName}`;
  });
  after(() => t.stop());

  it('serves GET /medic/ as the main database info (cht-conf liveness check)', async () => {
    const res = await t.api.get('/medic/');
    assert.equal(res.status, 200);
    assert.equal(res.json().db_name, t.dbName);
  });

  it('round-trips a document with inline and standalone attachments, names with /', async () => {
    const png = randomBytes(3000);
    const put = await t.api.put(`${db}/form%3Apassthrough`, {
      json: { type: 'form', _attachments: { 'images/logo.png': { content_type: 'image/png', data: png.toString('base64') } } },
    });
    assert.equal(put.status, 201, put.text);
    const doc = (await t.api.get(`${db}/form%3Apassthrough`)).json();
    const stub = doc._attachments['images/logo.png'];
    assert.equal(stub.stub, true);
    assert.equal(stub.length, png.length);
    assert.equal(stub.revpos, 1);
    assert.equal(stub.digest, `md5-${createHash('md5').update(png).digest('base64')}`);

    const got = await fetch(`${t.url}${db}/form%3Apassthrough/images/logo.png`, { headers: { authorization: `Basic ${Buffer.from(`${t.admin.user}:${t.admin.password}`).toString('base64')}` } });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), png);

    const big = randomBytes(2 * 1024 * 1024);
    const standalone = await fetch(`${t.url}${db}/form%3Apassthrough/media/big.bin?rev=${doc._rev}`, {
      method: 'PUT',
      body: big,
      headers: { 'content-type': 'application/octet-stream', authorization: `Basic ${Buffer.from(`${t.admin.user}:${t.admin.password}`).toString('base64')}` },
    });
    assert.equal(standalone.status, 201);
    const back = await fetch(`${t.url}${db}/form%3Apassthrough/media/big.bin`, { headers: { authorization: `Basic ${Buffer.from(`${t.admin.user}:${t.admin.password}`).toString('base64')}` } });
    assert.deepEqual(Buffer.from(await back.arrayBuffer()), big);
  });

  it('honours _all_docs keys (GET and POST) and ranges', async () => {
    const docs = ['ui-extension:a', 'ui-extension:b', 'ui-extensionz', 'other:c'].map((_id) => ({ _id, type: 'x' }));
    assert.equal((await t.api.post(`${db}/_bulk_docs`, { json: { docs } })).status, 201);

    const byKeysPost = (await t.api.post(`${db}/_all_docs?include_docs=true`, { json: { keys: ['other:c', 'missing'] } })).json();
    assert.deepEqual(byKeysPost.rows.map((r: { key: string }) => r.key), ['other:c', 'missing']);
    assert.equal(byKeysPost.rows[0].doc._id, 'other:c');
    assert.equal(byKeysPost.rows[1].error, 'not_found');

    const byKeysGet = (await t.api.get(`${db}/_all_docs?keys=${encodeURIComponent(JSON.stringify(['ui-extension:b']))}`)).json();
    assert.deepEqual(byKeysGet.rows.map((r: { id: string }) => r.id), ['ui-extension:b']);

    const range = (await t.api.get(`${db}/_all_docs?startkey=${encodeURIComponent('"ui-extension:"')}&endkey=${encodeURIComponent('"ui-extension:\ufff0"')}`)).json();
    assert.deepEqual(range.rows.map((r: { id: string }) => r.id), ['ui-extension:a', 'ui-extension:b']);
  });

  it('ends a longpoll _changes after its timeout when nothing changes', async () => {
    const started = Date.now();
    const res = await t.api.get(`${db}/_changes?feed=longpoll&since=now&timeout=400`);
    const elapsed = Date.now() - started;
    assert.equal(res.status, 200);
    assert.deepEqual(res.json().results, []);
    assert.ok(elapsed >= 300 && elapsed < 5000, `answered after ${elapsed} ms`);
  });

  it('answers a longpoll _changes as soon as a change arrives', async () => {
    const poll = t.api.get(`${db}/_changes?feed=longpoll&since=now&timeout=10000`);
    await new Promise((r) => setTimeout(r, 200));
    await t.api.put(`${db}/changed-doc`, { json: { n: 1 } });
    const res = await poll;
    assert.deepEqual(res.json().results.map((r: { id: string }) => r.id), ['changed-doc']);
  });

  it('accepts uploads sent with Expect: 100-continue (curl does for bodies over 1 MB)', async () => {
    const body = randomBytes(1500 * 1024);
    const doc = (await t.api.put(`${db}/expect-continue`, { json: { a: 1 } })).json();
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${t.url}${db}/expect-continue/blob.bin?rev=${doc.rev}`);
      const req = httpRequest(
        {
          host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'PUT',
          headers: { authorization: basicAuth(t.admin), 'content-type': 'application/octet-stream', 'content-length': body.length, expect: '100-continue' },
        },
        (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); },
      );
      req.on('continue', () => req.end(body));
      req.on('error', reject);
    });
    assert.equal(status, 201);
  });

  it('points Location at this server, not at CouchDB', async () => {
    const res = await t.api.put(`${db}/located-doc`, { json: { a: 1 } });
    assert.equal(res.status, 201);
    const location = res.headers.get('location');
    assert.ok(location?.startsWith(t.url), String(location));
  });

  it('drops cached sessions when a password changes straight in _users', async () => {
    const user = await createOnlineUser(t);
    assert.equal((await t.anonymous.get('/api/deploy-info', { auth: user })).status, 200); // cached now
    const stored = (await t.anonymous.get(`/_users/org.couchdb.user:${user.user}`, { auth: user })).json();
    const changed = await t.anonymous.put(`/_users/org.couchdb.user:${user.user}`, { auth: user, json: { ...stored, password: 'A-new-password-77' } });
    assert.equal(changed.status, 201);
    const old = await t.anonymous.get('/api/deploy-info', { auth: user, headers: { accept: 'application/json' } });
    assert.equal(old.status, 401, 'the old password stops working at once');
    assert.equal((await t.anonymous.get('/api/deploy-info', { auth: { user: user.user, password: 'A-new-password-77' } })).status, 200);
  });

  it('passes CouchDB errors through unchanged', async () => {
    const res = await t.api.get(`${db}/no-such-doc`);
    assert.equal(res.status, 404);
    assert.equal(res.json().error, 'not_found');
  });
});
