import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type Reply, type TestCouch } from './test-helpers.js';

// A member must not reach `_local/_security` (the security object's storage doc) or design docs
// through any spelling of the document id: percent-encoded slashes, encoded underscores, request
// bodies, COPY destinations or multipart bodies.

let t: TestCouch;
let alice: string; // member by name
before(async () => {
  t = await startTestCouch();
  alice = await t.createUser('alice', 'a-pass');
});
after(() => t.close());

const security = { admins: { names: [], roles: ['supervisor'] }, members: { names: ['alice'], roles: [] } };
const takeover = { admins: { names: ['alice'], roles: [] }, members: { names: ['alice'], roles: [] } };
const evilDdoc = { views: { v: { map: 'function (doc) { emit(doc._id, null); }' } } };

async function freshDb(): Promise<string> {
  const name = dbName('paths');
  assert.equal((await t.call('PUT', `/${name}`)).status, 201);
  assert.equal((await t.call('PUT', `/${name}/_security`, { body: security })).status, 200);
  assert.equal((await t.call('PUT', `/${name}/doc`, { body: { views: evilDdoc.views } })).status, 201);
  return name;
}

/** The current `_local/_security` revision, as a server admin reads it. */
async function securityRev(db: string): Promise<string> {
  const r = await t.call('GET', `/${db}/_local/_security`);
  assert.equal(r.status, 200, r.text);
  return (r.body as { _rev: string })._rev;
}

async function assertUntouched(db: string, r: Reply, what: string): Promise<void> {
  assert.ok([400, 401, 403].includes(r.status), `${what} → ${r.status} ${r.text}`);
  assert.deepEqual((await t.call('GET', `/${db}/_security`)).body, security, `${what} changed _security`);
  assert.equal((await t.call('GET', `/${db}/_design/x`)).status, 404, `${what} wrote _design/x`);
  const asAlice = await t.call('PUT', `/${db}/_design/y`, { auth: alice, body: evilDdoc });
  assert.equal(asAlice.status, 401, `${what}: alice became a db admin`);
}

const LOCAL_SPELLINGS = ['_local%2F_security', '_local%2f_security', '_local%252F_security', '%5Flocal/_security', '%5flocal%2F_security', '_local/%5Fsecurity'];
const DESIGN_SPELLINGS = ['_design%2Fx', '_design%2fx', '_design%252Fx', '%5Fdesign/x', '%5Fdesign%2Fx'];

describe('encoded document ids', () => {
  it('refuses members every spelling of _local/_security (PUT and DELETE)', async () => {
    const db = await freshDb();
    for (const spelling of LOCAL_SPELLINGS) {
      const body = { _rev: await securityRev(db), security: takeover };
      await assertUntouched(db, await t.call('PUT', `/${db}/${spelling}`, { auth: alice, body }), `PUT ${spelling}`);
      const rev = await securityRev(db);
      await assertUntouched(db, await t.call('DELETE', `/${db}/${spelling}?rev=${rev}`, { auth: alice }), `DELETE ${spelling}`);
    }
  });

  it('refuses members every spelling of a design doc, and attachments under it', async () => {
    const db = await freshDb();
    for (const spelling of DESIGN_SPELLINGS) {
      await assertUntouched(db, await t.call('PUT', `/${db}/${spelling}`, { auth: alice, body: evilDdoc }), `PUT ${spelling}`);
      const att = { auth: alice, body: 'x', headers: { 'content-type': 'text/plain' } };
      await assertUntouched(db, await t.call('PUT', `/${db}/${spelling}/a.txt`, att), `PUT ${spelling}/a.txt`);
    }
  });

  it('answers 400 bad_request for an underscore id holding more slashes, as nothing can be that doc', async () => {
    const db = await freshDb();
    for (const path of ['_design%2Fx%2Fy', '_local%2F_security%2Fz', '_design/x%2F_view', '_foo%2Fbar']) {
      const r = await t.call('PUT', `/${db}/${path}`, { auth: alice, body: evilDdoc });
      assert.equal(r.status, 400, `${path} → ${r.status} ${r.text}`);
      assert.equal((r.body as { error: string }).error, 'bad_request');
    }
  });

  it('keeps plain ids with an encoded slash working (CouchDB allows them)', async () => {
    const db = await freshDb();
    assert.equal((await t.call('PUT', `/${db}/a%2Fb`, { auth: alice, body: { v: 1 } })).status, 201);
    const r = await t.call('GET', `/${db}/a%2Fb`, { auth: alice });
    assert.equal((r.body as { _id: string })._id, 'a/b');
  });

  it('serves an encoded design doc path like the plain one (views, admins)', async () => {
    const db = await freshDb();
    assert.equal((await t.call('PUT', `/${db}/_design%2Fx`, { body: evilDdoc })).status, 201);
    assert.equal((await t.call('GET', `/${db}/_design/x`)).status, 200);
    const view = await t.call('GET', `/${db}/_design%2Fx/_view/v`, { auth: alice });
    assert.equal(view.status, 200, view.text);
    const posted = await t.call('POST', `/${db}/_design%2Fx/_view/v`, { auth: alice, body: { keys: ['doc'] } });
    assert.deepEqual((posted.body as { rows: { id: string }[] }).rows.map((row) => row.id), ['doc']);
  });
});

describe('ids in bodies and headers', () => {
  it('refuses members design docs and _local/_security in POST /db and _bulk_docs', async () => {
    const db = await freshDb();
    const rev = await securityRev(db);
    const post = await t.call('POST', `/${db}`, { auth: alice, body: { _id: '_design/x', ...evilDdoc } });
    await assertUntouched(db, post, 'POST _design/x');
    // As in CouchDB, a design doc in _bulk_docs gets its own "unauthorized" entry.
    for (const body of [{ docs: [{ _id: '_design/x', ...evilDdoc }] }, { docs: [{ _id: '_design/x', _rev: '1-abc', ...evilDdoc }], new_edits: false }]) {
      const bulk = await t.call('POST', `/${db}/_bulk_docs`, { auth: alice, body });
      assert.equal(bulk.status, 201);
      assert.equal((bulk.body as { error?: string }[])[0]?.error, 'unauthorized');
      await assertUntouched(db, { ...bulk, status: 401 }, `bulk _design/x ${JSON.stringify(body).length}`);
    }
    const local = [{ _id: '_local/_security', _rev: rev, security: takeover }];
    await assertUntouched(db, await t.call('POST', `/${db}/_bulk_docs`, { auth: alice, body: { docs: local } }), 'bulk local');
    const newEdits = { docs: [{ _id: '_local/_security', _rev: '0-9', security: takeover }], new_edits: false };
    await assertUntouched(db, await t.call('POST', `/${db}/_bulk_docs`, { auth: alice, body: newEdits }), 'bulk new_edits');
  });

  it('refuses members COPY onto a design doc or the security doc, however the Destination is spelled', async () => {
    const db = await freshDb();
    for (const destination of ['_design/x', '_design%2Fx', '_local/_security', '_local%2F_security', `_local/_security?rev=0-1`]) {
      const r = await t.call('COPY', `/${db}/doc`, { auth: alice, headers: { destination } });
      await assertUntouched(db, r, `COPY → ${destination}`);
    }
    const ok = await t.call('COPY', `/${db}/doc`, { auth: alice, headers: { destination: 'copy' } });
    assert.equal(ok.status, 201, 'a member may still copy to a normal doc');
  });

  it('saves a multipart/related PUT under the URL id, not the one in its JSON part', async () => {
    const db = await freshDb();
    const boundary = 'b0undary';
    for (const id of ['_local/_security', '_design/x']) {
      const doc = { _id: id, _rev: id === '_local/_security' ? await securityRev(db) : undefined, security: takeover, ...evilDdoc };
      const body = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="doc"',
        'Content-Type: application/json',
        '',
        JSON.stringify(doc),
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const headers = { 'content-type': `multipart/related; boundary=${boundary}` };
      const r = await t.call('PUT', `/${db}/plain-${id.length}`, { auth: alice, body, headers });
      assert.ok(r.status !== 201 || (r.body as { id: string }).id === `plain-${id.length}`, `${id}: ${r.text}`);
      assert.deepEqual((await t.call('GET', `/${db}/_security`)).body, security, `multipart ${id} changed _security`);
      assert.equal((await t.call('GET', `/${db}/_design/x`)).status, 404, `multipart ${id} wrote _design/x`);
    }
  });
});

describe('_users', () => {
  it('applies the own-doc rule and the design doc rule to every spelling of the id', async () => {
    const auth = await t.createUser('frank', 'f-pass');
    const before = await t.call('GET', '/_users/_design/_auth');
    for (const spelling of ['_design%2F_auth', '%5Fdesign/_auth', '_design/%5Fauth']) {
      const r = await t.call('PUT', `/_users/${spelling}`, { auth, body: { ...(before.body as object), validate_doc_update: 'function () {}' } });
      assert.equal(r.status, 401, `${spelling} → ${r.text}`);
    }
    assert.deepEqual((await t.call('GET', '/_users/_design/_auth')).body, before.body);
    const other = { name: 'alice', password: 'x', roles: ['_admin'], type: 'user' };
    for (const spelling of ['org.couchdb.user%3Aalice', 'org.couchdb.user:frank%2F..%2Forg.couchdb.user:alice']) {
      assert.equal((await t.call('PUT', `/_users/${spelling}`, { auth, body: other })).status, 403, spelling);
    }
    assert.equal((await t.call('GET', '/_session', { auth: alice })).status, 200, 'alice keeps her password');
  });
});
