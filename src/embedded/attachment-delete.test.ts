import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type Reply, type TestCouch } from './test-helpers.js';

// DELETE /db/doc/att as CouchDB 3 answers it (compat/attachment-delete.ts). express-pouchdb's
// route answered 500 "Cannot convert undefined or null to object" for a doc without attachments
// (with or without the right rev) and 404 for a wrong rev.
let t: TestCouch;
let db: string;
let member: string;
let outsider: string;
before(async () => {
  t = await startTestCouch();
  db = dbName('attdel');
  await t.call('PUT', `/${db}`);
  member = await t.createUser('att-member', 'pw', ['m']);
  outsider = await t.createUser('att-outsider', 'pw');
  await t.call('PUT', `/${db}/_security`, { body: { members: { roles: ['m'] } } });
});
after(() => t.close());

const att = (text: string): { content_type: string; data: string } => ({
  content_type: 'text/plain',
  data: Buffer.from(text).toString('base64'),
});

async function put(id: string, body: object): Promise<string> {
  const r = await t.call('PUT', `/${db}/${id}`, { body });
  assert.equal(r.status, 201, r.text);
  return (r.body as { rev: string }).rev;
}

function assertError(r: Reply, status: number, error: string, reason: string): void {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(r.body, { error, reason });
}

const CONFLICT = ['conflict', 'Document update conflict.'] as const;

describe('DELETE /db/doc/attachment', () => {
  it('answers a doc without attachments with 409 (no rev) or 404 (rev), not a 500', async () => {
    const rev = await put('bare', { v: 1 });
    assertError(await t.call('DELETE', `/${db}/bare/att`), 409, ...CONFLICT);
    assertError(await t.call('DELETE', `/${db}/bare/att?rev=${rev}`), 404, 'not_found', 'Document is missing attachment');
    assertError(await t.call('DELETE', `/${db}/bare/att`, { headers: { 'if-match': `"${rev}"` } }), 404, 'not_found', 'Document is missing attachment');
    assert.equal(((await t.call('GET', `/${db}/bare`)).body as { _rev: string })._rev, rev);
  });

  it('deletes with the current rev: 200 {ok, id, rev}, the other attachments stay', async () => {
    const rev = await put('two', { v: 1, _attachments: { 'a.txt': att('a'), 'dir/b.txt': att('b') } });
    const r = await t.call('DELETE', `/${db}/two/a.txt?rev=${rev}`);
    assert.equal(r.status, 200, r.text);
    const body = r.body as { ok: boolean; id: string; rev: string };
    assert.deepEqual(body, { ok: true, id: 'two', rev: body.rev });
    assert.match(body.rev, /^2-/);
    const doc = (await t.call('GET', `/${db}/two`)).body as { _rev: string; _attachments: Record<string, unknown>; v: number };
    assert.equal(doc._rev, body.rev);
    assert.equal(doc.v, 1);
    assert.deepEqual(Object.keys(doc._attachments), ['dir/b.txt']);
    assert.equal((await t.call('GET', `/${db}/two/a.txt`)).status, 404);
    // The last one goes with If-Match, and a name with a "/" in it.
    const last = await t.call('DELETE', `/${db}/two/dir/b.txt`, { headers: { 'if-match': body.rev } });
    assert.equal(last.status, 200, last.text);
    const bare = (await t.call('GET', `/${db}/two`)).body as Record<string, unknown>;
    assert.equal(bare._attachments, undefined);
  });

  it('answers revs as CouchDB does: none → 409, unknown → 409, malformed or disagreeing → 400', async () => {
    const rev = await put('revs', { _attachments: { 'a.txt': att('a') } });
    assertError(await t.call('DELETE', `/${db}/revs/a.txt`), 409, ...CONFLICT);
    assertError(await t.call('DELETE', `/${db}/revs/a.txt?rev=1-abc`), 409, ...CONFLICT);
    assertError(await t.call('DELETE', `/${db}/revs/a.txt?rev=garbage`), 400, 'bad_request', 'Invalid rev format');
    const disagree = await t.call('DELETE', `/${db}/revs/a.txt?rev=${rev}`, { headers: { 'if-match': '"1-abc"' } });
    assertError(disagree, 400, 'bad_request', 'Document rev and etag have different values');
    // An older revision is a conflict too.
    const current = (await t.call('GET', `/${db}/revs`)).body as object;
    const rev2 = await put('revs', { ...current, v: 2 });
    assertError(await t.call('DELETE', `/${db}/revs/a.txt?rev=${rev}`), 409, ...CONFLICT);
    assert.equal((await t.call('DELETE', `/${db}/revs/a.txt?rev=${rev2}`)).status, 200);
  });

  it('answers a missing doc with 404 (409 with a rev, as CouchDB) and a deleted one with 404 deleted', async () => {
    assertError(await t.call('DELETE', `/${db}/nodoc/a.txt`), 404, 'not_found', 'missing');
    assertError(await t.call('DELETE', `/${db}/nodoc/a.txt?rev=1-abc`), 409, ...CONFLICT);
    const rev = await put('gone', { _attachments: { 'a.txt': att('a') } });
    await t.call('DELETE', `/${db}/gone?rev=${rev}`);
    assertError(await t.call('DELETE', `/${db}/gone/a.txt`), 404, 'not_found', 'deleted');
  });

  it("refuses attachment names starting with '_' (400) once the doc is found", async () => {
    const rev = await put('under', { v: 1 });
    const reason = "Attachment name '_x' starts with prohibited character '_'";
    assertError(await t.call('DELETE', `/${db}/under/_x?rev=${rev}`), 400, 'bad_request', reason);
    assertError(await t.call('DELETE', `/${db}/_design/nothing/_x`), 404, 'not_found', 'missing');
  });

  it('keeps the access rules: members delete attachments of docs, design-doc attachments need a db admin', async () => {
    const rev = await put('shared', { _attachments: { 'a.txt': att('a'), 'b.txt': att('b') } });
    assert.equal((await t.call('DELETE', `/${db}/shared/a.txt?rev=${rev}`, { auth: outsider })).status, 403);
    assert.equal((await t.call('DELETE', `/${db}/shared/a.txt?rev=${rev}`, { auth: null })).status, 401);
    const byMember = await t.call('DELETE', `/${db}/shared/a.txt?rev=${rev}`, { auth: member });
    assert.equal(byMember.status, 200, byMember.text);

    const ddocRev = await put('_design/d', { views: {}, _attachments: { 'a.txt': att('a') } });
    const refused = await t.call('DELETE', `/${db}/_design/d/a.txt?rev=${ddocRev}`, { auth: member });
    assertError(refused, 401, 'unauthorized', 'You are not a db or server admin.');
    assert.equal((await t.call('GET', `/${db}/_design/d/a.txt`)).text, 'a');
    const byAdmin = await t.call('DELETE', `/${db}/_design/d/a.txt?rev=${ddocRev}`);
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal((byAdmin.body as { id: string }).id, '_design/d');
    assert.equal((await t.call('GET', `/${db}/_design/d/a.txt`)).status, 404);
  });

  it('runs validate_doc_update on the new revision', async () => {
    const vdb = dbName('attvdu');
    await t.call('PUT', `/${vdb}`);
    await t.call('PUT', `/${vdb}/_security`, { body: { members: { roles: ['m'] } } });
    await t.call('PUT', `/${vdb}/_design/guard`, {
      body: {
        validate_doc_update:
          'function (n, o, u) { if (o && o._attachments && o._attachments.keep && !(n._attachments && n._attachments.keep)) throw({ forbidden: "keep stays" }); }',
      },
    });
    const r = await t.call('PUT', `/${vdb}/v`, { body: { _attachments: { keep: att('k'), drop: att('d') } } });
    const rev = (r.body as { rev: string }).rev;
    assertError(await t.call('DELETE', `/${vdb}/v/keep?rev=${rev}`, { auth: member }), 403, 'forbidden', 'keep stays');
    assert.equal((await t.call('DELETE', `/${vdb}/v/drop?rev=${rev}`, { auth: member })).status, 200);
  });

  it("keeps _users to its admins", async () => {
    const id = encodeURIComponent('org.couchdb.user:att-member');
    const rev = ((await t.call('GET', `/_users/${id}`)).body as { _rev: string })._rev;
    const put1 = await t.call('PUT', `/_users/${id}/n.txt?rev=${rev}`, { body: 'n', headers: { 'content-type': 'text/plain' } });
    const rev2 = (put1.body as { rev: string }).rev;
    assert.equal((await t.call('DELETE', `/_users/${id}/n.txt?rev=${rev2}`, { auth: member })).status, 401);
    const r = await t.call('DELETE', `/_users/${id}/n.txt?rev=${rev2}`);
    assert.equal(r.status, 200, r.text);
    // The user can still sign in: the doc kept its password hash.
    assert.equal((await t.call('GET', '/_session', { auth: member })).status, 200);
    assert.equal(((await t.call('GET', '/_session', { auth: member })).body as { userCtx: { name: string } }).userCtx.name, 'att-member');
  });
});
