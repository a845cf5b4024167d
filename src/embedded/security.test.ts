import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let alice: string; // member by name
let bob: string; // member by role "chw"
let carol: string; // no access
let dana: string; // db admin by role
before(async () => {
  t = await startTestCouch();
  alice = await t.createUser('alice', 'a-pass');
  bob = await t.createUser('bob', 'b-pass', ['chw']);
  carol = await t.createUser('carol', 'c-pass', ['other']);
  dana = await t.createUser('dana', 'd-pass', ['supervisor']);
});
after(() => t.close());

async function dbWithSecurity(security: unknown): Promise<string> {
  const name = dbName('sec');
  assert.equal((await t.call('PUT', `/${name}`)).status, 201);
  if (security) assert.equal((await t.call('PUT', `/${name}/_security`, { body: security })).status, 200);
  await t.call('PUT', `/${name}/doc`, { body: { v: 1 } });
  return name;
}

const membersSecurity = {
  admins: { names: [], roles: ['supervisor'] },
  members: { names: ['alice'], roles: ['chw'] },
};

describe('empty _security (CouchDB 3 admin_only default)', () => {
  it('refuses anonymous with 401 and signed-in non-admins with 403', async () => {
    const db = await dbWithSecurity(undefined);
    assert.equal((await t.call('GET', `/${db}/doc`, { auth: null })).status, 401);
    const r = await t.call('GET', `/${db}/doc`, { auth: alice });
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, { error: 'forbidden', reason: 'You are not allowed to access this db.' });
    assert.equal((await t.call('PUT', `/${db}/new`, { auth: alice, body: {} })).status, 403);
    assert.equal((await t.call('GET', `/${db}/doc`)).status, 200, 'server admin still reads');
  });
});

describe('_security with members', () => {
  it('lets members by name and by role read and write', async () => {
    const db = await dbWithSecurity(membersSecurity);
    assert.equal((await t.call('GET', `/${db}/doc`, { auth: alice })).status, 200);
    assert.equal((await t.call('PUT', `/${db}/by-bob`, { auth: bob, body: { x: 1 } })).status, 201);
    assert.equal((await t.call('GET', `/${db}/_all_docs`, { auth: bob })).status, 200);
  });

  it('answers 403 forbidden to non-members (express-pouchdb says 401)', async () => {
    const db = await dbWithSecurity(membersSecurity);
    const r = await t.call('GET', `/${db}/doc`, { auth: carol });
    assert.equal(r.status, 403);
    assert.equal((r.body as { error: string }).error, 'forbidden');
  });

  it('refuses design documents and _security changes to members, allows them to db admins', async () => {
    const db = await dbWithSecurity(membersSecurity);
    const ddoc = { views: { v: { map: 'function (doc) { emit(doc._id); }' } } };
    const refused = await t.call('PUT', `/${db}/_design/x`, { auth: alice, body: ddoc });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { error: 'unauthorized', reason: 'You are not a db or server admin.' });
    assert.equal((await t.call('PUT', `/${db}/_security`, { auth: alice, body: {} })).status, 401);
    assert.equal((await t.call('PUT', `/${db}/_design/x`, { auth: dana, body: ddoc })).status, 201);
    assert.equal((await t.call('GET', `/${db}/_design/x/_view/v`, { auth: alice })).status, 200);
  });

  it('does not let members rewrite _security through its storage doc', async () => {
    const db = await dbWithSecurity(membersSecurity);
    const open = { members: { names: ['carol'] } };
    assert.equal((await t.call('PUT', `/${db}/_local/_security`, { auth: alice, body: { security: open } })).status, 401);
    assert.equal((await t.call('POST', `/${db}`, { auth: alice, body: { _id: '_local/_security', security: open } })).status, 401);
    const bulk = await t.call('POST', `/${db}/_bulk_docs`, { auth: alice, body: { docs: [{ _id: '_local/_security', security: open }] } });
    assert.equal(bulk.status, 401);
    // PUT /db/{id} saves under the URL's id, whatever the body's _id says.
    const sneaky = await t.call('PUT', `/${db}/plain`, { auth: alice, body: { _id: '_local/_security', security: open } });
    assert.equal(sneaky.status, 201);
    assert.equal((sneaky.body as { id: string }).id, 'plain');
    assert.equal((await t.call('GET', `/${db}/doc`, { auth: carol })).status, 403);
  });
});

describe('server-admin-only endpoints', () => {
  it('GET /_all_dbs: anonymous 401, non-admin 401 "You are not a server admin."', async () => {
    assert.equal((await t.call('GET', '/_all_dbs', { auth: null })).status, 401);
    const r = await t.call('GET', '/_all_dbs', { auth: alice });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { error: 'unauthorized', reason: 'You are not a server admin.' });
  });

  it('non-admin PUT /db and DELETE /db are refused (stock express-pouchdb crashes)', async () => {
    const db = await dbWithSecurity(membersSecurity);
    for (const [method, path] of [['PUT', `/${dbName('x')}`], ['DELETE', `/${db}`]] as const) {
      const r = await t.call(method, path, { auth: alice });
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { error: 'unauthorized', reason: 'You are not a server admin.' });
    }
    assert.equal((await t.call('GET', `/${db}/doc`)).status, 200);
  });

  it('POST /db/_purge: 501 for admins, refused to members first', async () => {
    const db = await dbWithSecurity(membersSecurity);
    assert.equal((await t.call('POST', `/${db}/_purge`, { auth: alice, body: { doc: ['1-x'] } })).status, 401);
    const r = await t.call('POST', `/${db}/_purge`, { body: { doc: ['1-x'] } });
    assert.equal(r.status, 501);
    assert.deepEqual(r.body, { error: 'not_implemented', reason: 'Purge is not supported by the embedded store' });
  });
});

describe('_users', () => {
  const id = (name: string): string => `/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;

  it('lets a user read their own doc, hides other users (404)', async () => {
    const own = await t.call('GET', id('alice'), { auth: alice });
    assert.equal(own.status, 200);
    assert.equal((own.body as { name: string }).name, 'alice');
    assert.equal((own.body as { password?: string }).password, undefined);
    const other = await t.call('GET', id('bob'), { auth: alice });
    assert.equal(other.status, 404);
    assert.deepEqual(other.body, { error: 'not_found', reason: 'missing' });
  });

  it('refuses _all_docs and _changes to non-admins with 401 (not 500)', async () => {
    for (const path of ['/_users/_all_docs', '/_users/_changes']) {
      const r = await t.call('GET', path, { auth: alice });
      assert.equal(r.status, 401, path);
      assert.deepEqual(r.body, { error: 'unauthorized', reason: 'You are not a db or server admin.' });
    }
  });

  it('lets a user change their own password but not their roles', async () => {
    const auth = await t.createUser('erin', 'old-pass', ['chw']);
    const doc = (await t.call('GET', id('erin'), { auth })).body as Record<string, unknown>;
    const escalate = await t.call('PUT', id('erin'), { auth, body: { ...doc, roles: ['chw', 'national_admin'] } });
    assert.equal(escalate.status, 403);
    const changed = await t.call('PUT', id('erin'), { auth, body: { ...doc, password: 'new-pass' } });
    assert.equal(changed.status, 201);
    const s = (await t.call('GET', '/_session', { auth: `Basic ${Buffer.from('erin:new-pass').toString('base64')}` })).body as {
      userCtx: unknown;
    };
    assert.deepEqual(s.userCtx, { name: 'erin', roles: ['chw'] });
    assert.equal((await t.call('GET', '/_session', { auth })).status, 401, 'old password no longer works');
  });

  it('refuses to let a user create or modify other user docs', async () => {
    const created = await t.call('PUT', id('mallory'), { auth: alice, body: { name: 'mallory', password: 'x', roles: [], type: 'user' } });
    assert.equal(created.status, 403);
    const bobDoc = (await t.call('GET', id('bob'))).body as Record<string, unknown>;
    const hijack = await t.call('PUT', id('bob'), { auth: alice, body: { ...bobDoc, password: 'pwned' } });
    assert.equal(hijack.status, 403);
    const viaOwnUrl = await t.call('PUT', id('alice'), { auth: alice, body: { ...bobDoc, _rev: undefined } });
    assert.notEqual(viaOwnUrl.status, 201, 'a body _id for another user cannot be saved through your own URL');
  });
});
