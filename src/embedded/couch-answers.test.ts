import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let alice: string; // member
let dana: string; // db admin
before(async () => {
  t = await startTestCouch();
  alice = await t.createUser('alice', 'a-pass');
  dana = await t.createUser('dana', 'd-pass', ['supervisor']);
});
after(() => t.close());

const security = { admins: { names: [], roles: ['supervisor'] }, members: { names: ['alice'], roles: [] } };

async function freshDb(): Promise<string> {
  const name = dbName('answers');
  assert.equal((await t.call('PUT', `/${name}`)).status, 201);
  assert.equal((await t.call('PUT', `/${name}/_security`, { body: security })).status, 200);
  return name;
}

describe('PUT /{db}/_security', () => {
  it('reads the body as JSON whatever the Content-Type, as CouchDB does', async () => {
    const types = ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'text/plain; charset=utf-8'];
    for (const [i, type] of types.entries()) {
      const db = await freshDb();
      const next = { ...security, members: { names: ['alice', `m${i}`], roles: [] } };
      const auth = i % 2 === 0 ? undefined : dana; // the server admin, then a db admin
      const r = await t.call('PUT', `/${db}/_security`, { auth, body: JSON.stringify(next), headers: { 'content-type': type } });
      assert.equal(r.status, 200, `${type}: ${r.text}`);
      assert.deepEqual((await t.call('GET', `/${db}/_security`)).body, next, type);
      assert.equal((await t.call('PUT', `/${db}/doc`, { auth: alice, body: {} })).status, 201, `${type}: alice locked out`);
    }
  });

  it('answers invalid JSON with 400 bad_request and keeps the old object', async () => {
    const db = await freshDb();
    for (const type of ['text/plain', 'application/json', 'application/x-www-form-urlencoded']) {
      const r = await t.call('PUT', `/${db}/_security`, { body: 'members=alice', headers: { 'content-type': type } });
      assert.equal(r.status, 400, `${type}: ${r.text}`);
      assert.equal((r.body as { error: string }).error, 'bad_request');
    }
    assert.deepEqual((await t.call('GET', `/${db}/_security`)).body, security);
  });

  it('still refuses members, whatever the Content-Type', async () => {
    const db = await freshDb();
    const takeover = { admins: { names: ['alice'] }, members: { names: ['alice'] } };
    const r = await t.call('PUT', `/${db}/_security`, { auth: alice, body: JSON.stringify(takeover), headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 401);
    assert.deepEqual((await t.call('GET', `/${db}/_security`)).body, security);
  });
});

describe('CouchDB wording', () => {
  it('answers a deleted document with reason "deleted", a missing one with "missing"', async () => {
    const db = await freshDb();
    const put = (await t.call('PUT', `/${db}/gone`, { body: { v: 1 } })).body as { rev: string };
    assert.equal((await t.call('DELETE', `/${db}/gone?rev=${put.rev}`)).status, 200);
    for (const auth of [undefined, alice]) {
      const r = await t.call('GET', `/${db}/gone`, { auth });
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { error: 'not_found', reason: 'deleted' });
      assert.deepEqual((await t.call('GET', `/${db}/never`, { auth })).body, { error: 'not_found', reason: 'missing' });
    }
  });

  it('refuses a member\'s design doc in _bulk_docs with "You are not a db or server admin."', async () => {
    const db = await freshDb();
    const docs = [{ _id: '_design/x', views: {} }, { _id: 'plain' }];
    const r = await t.call('POST', `/${db}/_bulk_docs`, { auth: alice, body: { docs } });
    assert.equal(r.status, 201);
    const results = r.body as { id: string; error?: string; reason?: string; ok?: boolean }[];
    assert.deepEqual(results.find((x) => x.id === '_design/x'), { id: '_design/x', error: 'unauthorized', reason: 'You are not a db or server admin.' });
    assert.equal(results.find((x) => x.id === 'plain')?.ok, true);
  });

  it('sends no X-Powered-By header', async () => {
    const db = await freshDb();
    await t.call('PUT', `/${db}/doc`, { body: { v: 1 } });
    for (const [method, path] of [['GET', `/${db}/doc`], ['GET', `/${db}/_all_docs`], ['GET', '/_uuids'], ['GET', '/'], ['GET', `/${db}/missing`], ['PUT', `/${db}/doc`]]) {
      const r = await t.call(method as string, path as string, { body: method === 'PUT' ? {} : undefined });
      assert.equal(r.headers.get('x-powered-by'), null, `${method} ${path}`);
    }
  });
});
