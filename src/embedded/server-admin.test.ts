import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { basic, dbName, startTestCouch, type Reply, type TestCouch } from './test-helpers.js';

// Server-admin endpoints (`_config` above all: it holds the cookie secret and the admin hashes, and
// writing `admins` makes a server admin) must refuse every non-admin, however the path is spelt.

let t: TestCouch;
let bob: string; // signed in, no database
let alice: string; // member and db admin of `db`
let db: string;
before(async () => {
  t = await startTestCouch();
  bob = await t.createUser('bob', 'b-pass');
  alice = await t.createUser('alice', 'a-pass', ['staff']);
  db = dbName('admin');
  assert.equal((await t.call('PUT', `/${db}`)).status, 201);
  const security = { admins: { names: ['alice'], roles: [] }, members: { names: ['alice'], roles: ['staff'] } };
  assert.equal((await t.call('PUT', `/${db}/_security`, { body: security })).status, 200);
  assert.equal((await t.call('PUT', `/${db}/doc`, { body: { v: 1 } })).status, 201);
});
after(() => t.close());

// Each of these names the config (the admin reads it at the canonical ones).
const CONFIG_PATHS = [
  '/_config',
  '/_node/_local/_config',
  '/_node/nonode@nohost/_config',
  '/_node/node1@127.0.0.1/_config',
  '/_node/x/_node/node1@127.0.0.1/_config',
  '/_node/_local/_node/node1@127.0.0.1/_config',
  '/_node/node1@127.0.0.1/_node/node1@127.0.0.1/_config',
  '/%5Fnode/_local/_config',
  '/%5fnode/node1@127.0.0.1/_config',
  '/_node/_local/%5Fconfig',
  '/%5Fconfig',
  '/_node%2F_local%2F_config',
  '//_node/_local/_config',
  '/_CONFIG',
  '/_Config',
  '/_node/_local/_CONFIG',
  '/_NODE/_local/_config',
];

// Server endpoints CouchDB 3 keeps for server admins, in several spellings.
const ADMIN_ENDPOINTS = [
  '/_all_dbs',
  '/_All_Dbs',
  '/_dbs_info',
  '/_dbs_INFO',
  '/_active_tasks',
  '/_db_updates',
  '/_membership',
  '/_cluster_setup',
  '/_stats',
  '/_replicate',
  '/_scheduler/jobs',
  '/_global_changes',
  '/_node/_local',
  '/_node/_local/_all_dbs',
  '/_node/node1@127.0.0.1/_all_dbs',
  '/_node/x/_node/node1@127.0.0.1/_all_dbs',
  '/_node/_local/_stats',
  '/_node/_local/_system',
  '/%5Fall_dbs',
  '/_made_up',
];

function assertRefused(r: Reply, what: string): void {
  assert.equal(r.status, 401, `${what} → ${r.status} ${r.text}`);
  assert.deepEqual(r.body, { error: 'unauthorized', reason: 'You are not a server admin.' }, what);
}

async function config(): Promise<unknown> {
  const r = await t.call('GET', '/_node/_local/_config');
  assert.equal(r.status, 200, r.text);
  return r.body;
}

describe('server-admin endpoints', () => {
  it('refuses the config to non-admins, read and write, at every spelling of its path', async () => {
    const before = await config();
    for (const auth of [bob, alice]) {
      for (const path of CONFIG_PATHS) {
        for (const sub of ['', '/admins', '/chttpd_auth/secret', '/couch_httpd_auth/secret']) {
          assertRefused(await t.call('GET', `${path}${sub}`, { auth }), `GET ${path}${sub}`);
        }
        assertRefused(await t.call('PUT', `${path}/admins/bob`, { auth, body: '"pwned"' }), `PUT ${path}/admins/bob`);
        assertRefused(await t.call('PUT', `${path}/chttpd_auth/secret`, { auth, body: '"known"' }), `PUT ${path} secret`);
        assertRefused(await t.call('DELETE', `${path}/admins/admin`, { auth }), `DELETE ${path}/admins/admin`);
      }
    }
    assert.deepEqual(await config(), before, '_config changed');
    const bobSession = (await t.call('GET', '/_session', { auth: basic('bob', 'pwned') })).status;
    assert.equal(bobSession, 401, 'bob:pwned is no admin');
    assert.deepEqual(((await t.call('GET', '/_session', { auth: bob })).body as { userCtx: unknown }).userCtx, { name: 'bob', roles: [] });
  });

  it('refuses the other admin-only server endpoints to non-admins, in any spelling', async () => {
    for (const auth of [bob, alice]) {
      for (const path of ADMIN_ENDPOINTS) {
        assertRefused(await t.call('GET', path, { auth }), `GET ${path}`);
        assertRefused(await t.call('POST', path, { auth, body: { keys: [db] } }), `POST ${path}`);
      }
      assertRefused(await t.call('POST', '/_DBS_info', { auth, body: { keys: [db] } }), 'POST /_DBS_info');
    }
  });

  it('refuses a request target in absolute form like the same path', async () => {
    const { hostname, port } = new URL(t.url);
    const raw = (target: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = net.connect(Number(port), hostname, () => {
          socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: ${bob}\r\nConnection: close\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
    for (const path of ['/_config', '/_node/_local/_config/admins', '/_all_dbs']) {
      const answer = await raw(`${t.url}${path}`);
      assert.match(answer, /^HTTP\/1\.1 401 /, `${path}: ${answer.split('\r\n')[0]}`);
    }
  });

  it('still serves the config and the other endpoints to the server admin', async () => {
    for (const path of ['/_node/_local/_config', '/_node/node1@127.0.0.1/_config', '/_node/nonode@nohost/_config', '/_config']) {
      const r = await t.call('GET', `${path}/admins`);
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      assert.match((r.body as Record<string, string>).admin ?? '', /^-pbkdf2-/);
    }
    assert.ok(((await t.call('GET', '/_all_dbs')).body as string[]).includes(db));
    const info = await t.call('POST', '/_dbs_info', { body: { keys: [db] } });
    assert.equal((info.body as { key: string }[])[0]?.key, db);
  });

  it('leaves non-admins the open endpoints and their databases', async () => {
    assert.equal((await t.call('GET', '/_uuids', { auth: bob })).status, 200);
    assert.equal((await t.call('GET', '/_session', { auth: bob })).status, 200);
    assert.equal((await t.call('GET', '/_up', { auth: bob })).status, 200);
    assert.equal((await t.call('GET', '/', { auth: bob })).status, 200);
    assert.equal((await t.call('GET', '/_users/org.couchdb.user:bob', { auth: bob })).status, 200);
    assert.equal((await t.call('GET', `/${db}/doc`, { auth: alice })).status, 200);
    assert.equal((await t.call('GET', `/${db}/_changes`, { auth: alice })).status, 200);
  });
});

describe('names are case-sensitive, as in CouchDB', () => {
  it('serves no database list or info at other letter cases, even to the admin', async () => {
    for (const path of ['/_dbs_INFO', '/_DBS_INFO', '/_All_Dbs']) {
      const r = await t.call('GET', path);
      assert.equal(r.status, 404, `${path} → ${r.status} ${r.text}`);
      assert.equal((r.body as { error: string }).error, 'not_found', path);
    }
    const put = await t.call('PUT', '/_dbs_INFO');
    assert.equal(put.status, 400, put.text);
    assert.equal((put.body as { error: string }).error, 'illegal_database_name');
    assert.ok(!((await t.call('GET', '/_all_dbs')).body as string[]).includes('_dbs_INFO'));
  });

  it('answers the open endpoints only at their own spelling', async () => {
    for (const path of ['/_UP', '/_Session', '/_SESSION', '/_UUIDS']) {
      assertRefused(await t.call('GET', path, { auth: bob }), `GET ${path}`);
    }
  });

  it('reads /{db}/_CHANGES as a document id, which may not start with an underscore', async () => {
    for (const auth of [alice, undefined]) {
      for (const path of ['_CHANGES', '_Changes', '_ALL_DOCS', '_Bulk_Docs', '_foo']) {
        const r = await t.call('GET', `/${db}/${path}`, { auth });
        assert.equal(r.status, 400, `${path} → ${r.status} ${r.text}`);
        assert.deepEqual(r.body, { error: 'bad_request', reason: 'Only reserved document ids may start with underscore.' });
      }
      const post = await t.call('POST', `/${db}/_BULK_GET`, { auth, body: { docs: [{ id: 'doc' }] } });
      assert.equal(post.status, 400, post.text);
    }
    const bobs = await t.call('GET', `/${db}/_CHANGES`, { auth: bob });
    assert.equal(bobs.status, 403, 'a non-member is refused first');
    const users = await t.call('GET', '/_users/_CHANGES?include_docs=true', { auth: bob });
    assert.ok([400, 401].includes(users.status), users.text);
    assert.doesNotMatch(users.text, /derived_key|password_scheme/);
  });
});
