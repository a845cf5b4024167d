import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type Reply, type TestCouch } from './test-helpers.js';

// Requests by a db member that PouchDB used to trip over inside its own callbacks (killing the
// store): each must now be CouchDB's 4xx, with the store still serving afterwards.
let t: TestCouch;
let db: string;
let bob: string;
before(async () => {
  t = await startTestCouch();
  db = dbName('shapes');
  await t.call('PUT', `/${db}`);
  bob = await t.createUser('bob', 'pw', ['m']);
  await t.call('PUT', `/${db}/_security`, { body: { members: { roles: ['m'] } } });
  await t.call('PUT', `/${db}/doc1`, { body: { v: 1 } });
  await t.call('PUT', `/${db}/_design/v`, { body: { views: { all: { map: 'function (doc) { emit(doc._id); }' } } } });
});
after(() => t.close());

const asBob = (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> =>
  t.call(method, path, { auth: bob, body, headers });

async function assertStillUp(): Promise<void> {
  assert.equal((await t.call('GET', '/_up', { auth: null })).status, 200);
  assert.equal((await asBob('GET', `/${db}/doc1`)).status, 200);
}

function assertError(r: Reply, status: number, error: string, reason?: string | RegExp): void {
  assert.equal(r.status, status, r.text);
  const body = r.body as { error?: string; reason?: string };
  assert.equal(body.error, error, r.text);
  if (typeof reason === 'string') assert.equal(body.reason, reason);
  else if (reason) assert.match(body.reason ?? '', reason);
}

async function revOf(id: string): Promise<string> {
  return ((await asBob('GET', `/${db}/${id}`)).body as { _rev: string })._rev;
}

describe('_revisions', () => {
  it('_bulk_docs with a malformed _revisions is 400 doc_validation, and the database stays readable', async () => {
    const r = await asBob('POST', `/${db}/_bulk_docs`, {
      docs: [{ _id: 'nn', _rev: '2-a', _revisions: { start: 'x', ids: 5 } }],
      new_edits: false,
    });
    assertError(r, 400, 'doc_validation', "_revisions.start isn't an integer.");
    assert.equal((await asBob('GET', `/${db}/nn`)).status, 404);
    // These threw inside LevelDB on every call once the broken revision tree was stored.
    assert.equal((await asBob('POST', `/${db}/_find`, { selector: {} })).status, 200);
    assert.equal((await asBob('GET', `/${db}/_all_docs?include_docs=true`)).status, 200);
    assert.equal((await asBob('GET', `/${db}/_changes?include_docs=true`)).status, 200);
    assert.equal((await asBob('GET', `/${db}/_design/v/_view/all?include_docs=true`)).status, 200);
    await assertStillUp();
  });

  it('PUT ?new_edits=false with _revisions.ids not a list is 400 and stores nothing', async () => {
    const r = await asBob('PUT', `/${db}/nn7?new_edits=false`, { _rev: '3-x', _revisions: { start: 3, ids: 'abc' } });
    assertError(r, 400, 'doc_validation', "_revisions.ids isn't a array.");
    assert.equal((await asBob('GET', `/${db}/nn7`)).status, 404);
    await assertStillUp();
  });

  it('refuses every malformed _revisions, in PUT, POST /db and _bulk_docs', async () => {
    const cases: [unknown, string][] = [
      [null, 'Bad special document member: _revisions'],
      [[1], 'Bad special document member: _revisions'],
      [{ start: 1.5, ids: ['a'] }, "_revisions.start isn't an integer."],
      [{ start: 1 }, "_revisions.ids isn't a array."],
      [{ start: 1, ids: [5] }, "RevId isn't a string"],
      [{ start: 1, ids: ['z'.repeat(32)] }, "RevId isn't a valid hexadecimal"],
      [{ start: 1, ids: [] }, '_revisions.ids is empty.'],
      [{ start: 1, ids: ['b', 'a'] }, '_revisions.start is smaller than the number of _revisions.ids.'],
    ];
    for (const [revisions, reason] of cases) {
      const doc = { _rev: '1-a', _revisions: revisions };
      assertError(await asBob('PUT', `/${db}/bad?new_edits=false`, doc), 400, 'doc_validation', reason);
      assertError(await asBob('POST', `/${db}`, { _id: 'bad', ...doc }), 400, 'doc_validation', reason);
      const bulk = { docs: [{ _id: 'ok' }, { _id: 'bad', ...doc }], new_edits: false };
      assertError(await asBob('POST', `/${db}/_bulk_docs`, bulk), 400, 'doc_validation', reason);
    }
    assert.equal((await asBob('GET', `/${db}/ok`)).status, 404); // the request is refused whole
    await assertStillUp();
  });

  it('still takes a replicated revision history', async () => {
    const ids = ['c'.repeat(32), 'b'.repeat(32), 'a'.repeat(32)];
    const r = await asBob('POST', `/${db}/_bulk_docs`, {
      docs: [{ _id: 'replicated', _rev: `3-${ids[0]}`, _revisions: { start: 3, ids }, v: 1 }],
      new_edits: false,
    });
    assert.equal(r.status, 201, r.text);
    const doc = (await asBob('GET', `/${db}/replicated?revs=true`)).body as { _rev: string; _revisions: unknown };
    assert.equal(doc._rev, `3-${ids[0]}`);
    assert.deepEqual(doc._revisions, { start: 3, ids });
  });

  it('takes the parent revision from _revisions over _rev, as CouchDB does', async () => {
    await asBob('PUT', `/${db}/parent`, { v: 1 });
    const rev = await revOf('parent');
    const [start, id] = rev.split('-');
    const r = await asBob('PUT', `/${db}/parent`, { _rev: '7-abc', _revisions: { start: Number(start), ids: [id] }, v: 2 });
    assert.equal(r.status, 201, r.text);
    assert.match((r.body as { rev: string }).rev, /^2-/);
  });
});

describe('_revs_diff', () => {
  it('refuses values that are not lists of revisions with 400', async () => {
    for (const value of ['x', null, { a: 1 }]) {
      assertError(await asBob('POST', `/${db}/_revs_diff`, { doc1: value }), 400, 'bad_request');
    }
    assertError(await asBob('POST', `/${db}/_revs_diff`, { doc1: [5] }), 400, 'bad_request', 'Invalid rev format');
    assertError(await asBob('POST', `/${db}/_revs_diff`, [['1-a']]), 400, 'bad_request', 'Request body must be a JSON object');
    const r = await asBob('POST', `/${db}/_revs_diff`, { doc1: [await revOf('doc1'), '9-zz'] });
    assert.deepEqual(r.body, { doc1: { missing: ['9-zz'] } });
    await assertStillUp();
  });
});

describe('_attachments', () => {
  it('refuses an entry without base64 data or a stub with 400', async () => {
    const r = await asBob('POST', `/${db}/_bulk_docs`, { docs: [{ _id: 'n', _attachments: { a: { data: 5 } } }] });
    assertError(r, 400, 'bad_request', 'Invalid attachment data for a');
    assertError(await asBob('PUT', `/${db}/nn8`, { _attachments: { a: { follows: true } } }), 400, 'bad_request', /follows/);
    for (const attachments of [5, null, { a: 5 }, { a: null }, { a: {} }, { a: { data: '!!!' } }, { a: { stub: 'yes' } }]) {
      assert.equal((await asBob('PUT', `/${db}/nn9`, { _attachments: attachments })).status, 400, JSON.stringify(attachments));
    }
    assert.equal((await asBob('GET', `/${db}/nn8`)).status, 404);
    await assertStillUp();
  });

  it('still takes inline base64 data and stubs', async () => {
    const r = await asBob('PUT', `/${db}/withatt`, { _attachments: { 'a.txt': { content_type: 'text/plain', data: 'aGk=' } } });
    assert.equal(r.status, 201, r.text);
    const saved = (await asBob('GET', `/${db}/withatt`)).body as { _attachments: Record<string, { stub?: boolean }> };
    assert.equal(saved._attachments['a.txt']?.stub, true);
    const update = await asBob('PUT', `/${db}/withatt`, { ...saved, v: 2 });
    assert.equal(update.status, 201, update.text);
    assert.equal((await asBob('GET', `/${db}/withatt/a.txt`)).text, 'hi');
  });
});

describe('_bulk_get and latest', () => {
  it('answers an unknown revision with latest=true as a per-doc not_found error', async () => {
    const r = await asBob('POST', `/${db}/_bulk_get?latest=true`, { docs: [{ id: 'doc1', rev: '9-zz' }] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
      results: [{ id: 'doc1', docs: [{ error: { id: 'doc1', rev: '9-zz', error: 'not_found', reason: 'missing' } }] }],
    });
    assertError(await asBob('GET', `/${db}/doc1?rev=9-zz&latest=true`), 404, 'not_found', 'missing');
    const open = await asBob('GET', `/${db}/doc1?open_revs=${encodeURIComponent('["9-zz"]')}&latest=true`);
    assert.deepEqual(open.body, [{ missing: '9-zz' }]);
    await assertStillUp();
  });

  it('reports each asked revision of one id with its own rev, in request order', async () => {
    const rev = await revOf('doc1');
    const r = await asBob('POST', `/${db}/_bulk_get`, {
      docs: [{ id: 'doc1', rev: '8-yy' }, { id: 'doc1', rev }, { id: 'doc1', rev: '9-zz' }, { id: 'nope' }],
    });
    const missing = (id: string, missingRev: string): unknown => ({
      id,
      docs: [{ error: { id, rev: missingRev, error: 'not_found', reason: 'missing' } }],
    });
    assert.deepEqual(r.body, {
      results: [
        missing('doc1', '8-yy'),
        { id: 'doc1', docs: [{ ok: { _id: 'doc1', _rev: rev, v: 1 } }] },
        missing('doc1', '9-zz'),
        missing('nope', 'undefined'),
      ],
    });
  });

  it('refuses docs entries that are not objects with 400', async () => {
    assertError(await asBob('POST', `/${db}/_bulk_get`, { docs: [null] }), 400, 'bad_request');
    assertError(await asBob('POST', `/${db}/_bulk_get`, { docs: ['doc1'] }), 400, 'bad_request');
    await assertStillUp();
  });
});

describe('multipart bodies', () => {
  const related = { 'content-type': 'multipart/related; boundary=XX' };
  const formData = { 'content-type': 'multipart/form-data; boundary=XX' };
  const jsonPart = (json: string): string => `--XX\r\nContent-Type: application/json\r\n\r\n${json}\r\n`;

  it('refuses a multipart/related body without its closing boundary with 400', async () => {
    assertError(await asBob('PUT', `/${db}/mpdoc`, jsonPart('{"_id":"mpdoc"}'), related), 400, 'bad_request');
    assert.equal((await asBob('GET', `/${db}/mpdoc`)).status, 404);
    await assertStillUp();
  });

  it('refuses a JSON part that does not parse with 400', async () => {
    const r = await asBob('PUT', `/${db}/mpdoc`, `${jsonPart('{bad json')}--XX--\r\n`, related);
    assertError(r, 400, 'bad_request');
    await assertStillUp();
  });

  it('refuses an attachment that follows but is not in the body, and parts it cannot read', async () => {
    const follows = '{"_id":"mpdoc","_attachments":{"a.txt":{"follows":true}}}';
    assertError(await asBob('PUT', `/${db}/mpdoc`, `${jsonPart(follows)}--XX--\r\n`, related), 400, 'bad_request');
    // CouchDB's own layout (attachment parts without a filename): express-pouchdb parsed them as JSON.
    const unnamed = `${jsonPart(follows)}--XX\r\n\r\nhello\r\n--XX--\r\n`;
    assertError(await asBob('PUT', `/${db}/mpdoc`, unnamed, related), 400, 'bad_request');
    assertError(await asBob('PUT', `/${db}/mpdoc`, '--XX--\r\n', related), 400, 'bad_request');
    await assertStillUp();
  });

  it('still saves a well-formed multipart/related document with its attachment', async () => {
    const body =
      `${jsonPart('{"_id":"mpok","v":1,"_attachments":{"a.txt":{"follows":true,"content_type":"text/plain"}}}')}` +
      '--XX\r\nContent-Disposition: attachment; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n';
    const r = await asBob('PUT', `/${db}/mpok`, body, related);
    assert.equal(r.status, 201, r.text);
    assert.equal((await asBob('GET', `/${db}/mpok/a.txt`)).text, 'hello');
  });

  it("saves a multipart/related PUT under the URL's id, whatever _id its JSON part has (or lacks)", async () => {
    const file = '--XX\r\nContent-Disposition: attachment; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n';
    const attachments = '"_attachments":{"a.txt":{"follows":true,"content_type":"text/plain"}}';
    const other = await asBob('PUT', `/${db}/mpurl1`, `${jsonPart(`{"_id":"mpother","v":1,${attachments}}`)}${file}`, related);
    assert.equal(other.status, 201, other.text);
    assert.equal((other.body as { id: string }).id, 'mpurl1');
    assert.equal((await asBob('GET', `/${db}/mpother`)).status, 404);
    // No _id at all was express-pouchdb's 412 missing_id; a part Content-Length stays true.
    const json = `{"v":2,${attachments}}`;
    const headers = `--XX\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}\r\n`;
    const none = await asBob('PUT', `/${db}/mpurl2`, `${headers}${file}`, related);
    assert.equal(none.status, 201, none.text);
    assert.equal((none.body as { id: string }).id, 'mpurl2');
    for (const id of ['mpurl1', 'mpurl2']) {
      assert.equal((await asBob('GET', `/${db}/${id}/a.txt`)).text, 'hello');
    }
    assert.equal(((await asBob('GET', `/${db}/mpurl2`)).body as { v: number }).v, 2);
    // An update names the doc by the URL too.
    const rev = await revOf('mpurl1');
    const update = await asBob('PUT', `/${db}/mpurl1`, `${jsonPart(JSON.stringify({ _id: 'elsewhere', _rev: rev, v: 3 }))}--XX--\r\n`, related);
    assert.equal(update.status, 201, update.text);
    assert.equal(((await asBob('GET', `/${db}/mpurl1`)).body as { v: number }).v, 3);
    assert.equal((await asBob('GET', `/${db}/elsewhere`)).status, 404);
  });

  it('refuses a multipart/form-data POST without its closing boundary with 400, and still takes a whole one', async () => {
    const rev = await revOf('doc1');
    const field = `--XX\r\nContent-Disposition: form-data; name="_rev"\r\n\r\n${rev}\r\n`;
    assertError(await asBob('POST', `/${db}/doc1`, field, formData), 400, 'bad_request');
    await assertStillUp();
    const file = '--XX\r\nContent-Disposition: form-data; name="f"; filename="b.txt"\r\nContent-Type: text/plain\r\n\r\nbye\r\n';
    const r = await asBob('POST', `/${db}/doc1`, `${field}${file}--XX--\r\n`, formData);
    assert.equal(r.status, 201, r.text);
    assert.equal((await asBob('GET', `/${db}/doc1/b.txt`)).text, 'bye');
  });

  it('refuses multipart where a JSON document is expected with 415', async () => {
    assertError(await asBob('POST', `/${db}`, '{"_id":"x"}', related), 415, 'bad_content_type');
    assertError(await asBob('PUT', `/${db}/mpform`, '{"v":1}', formData), 415, 'bad_content_type');
    await assertStillUp();
  });

  it("refuses a multipart write of the user's own _users doc with 415", async () => {
    const id = encodeURIComponent('org.couchdb.user:bob');
    const doc = JSON.stringify({ _id: 'org.couchdb.user:bob', name: 'bob', type: 'user', roles: ['m'], password: 'pw' });
    assertError(await asBob('PUT', `/_users/${id}`, doc, related), 415, 'bad_content_type');
    assertError(await asBob('PUT', `/_users/${id}`, `${jsonPart(doc)}--XX--\r\n`, related), 415, 'bad_content_type');
    await assertStillUp();
  });
});

describe('malformed _bulk_docs bodies and query parameters', () => {
  it('refuses _bulk_docs whose docs are not a list of objects with 400', async () => {
    assertError(await asBob('POST', `/${db}/_bulk_docs`, { docs: [null] }), 400, 'bad_request', 'Document must be a JSON object');
    assertError(await asBob('POST', `/${db}/_bulk_docs`, { docs: 'x' }), 400, 'bad_request', '`docs` parameter must be an array.');
    assertError(await asBob('POST', `/${db}/_bulk_docs`, {}), 400, 'bad_request', 'POST body must include `docs` parameter.');
    await assertStillUp();
  });

  it('refuses key parameters that are not JSON with 400', async () => {
    assertError(await asBob('GET', `/${db}/_design/v/_view/all?keys=notjson`), 400, 'bad_request');
    assertError(await asBob('GET', `/${db}/_design/v/_view/all?keys=5`), 400, 'bad_request');
    assertError(await asBob('POST', `/${db}/_design/v/_view/all`, { keys: 5 }), 400, 'bad_request');
    assertError(await asBob('GET', `/${db}/_all_docs?startkey=notjson`), 400, 'bad_request');
    assertError(await asBob('GET', `/${db}/_all_docs?end_key=notjson`), 400, 'bad_request');
    assertError(await asBob('GET', `/${db}/_all_docs?key=notjson`), 400, 'bad_request');
    const ok = await asBob('GET', `/${db}/_all_docs?startkey=${encodeURIComponent('"doc1"')}&endkey=${encodeURIComponent('"doc1"')}`);
    assert.equal((ok.body as { rows: unknown[] }).rows.length, 1);
    await assertStillUp();
  });

  it('refuses open_revs that is neither "all" nor a JSON list with 400', async () => {
    assertError(await asBob('GET', `/${db}/doc1?open_revs=garbage`), 400, 'bad_request');
    assertError(await asBob('GET', `/${db}/doc1?open_revs=5`), 400, 'bad_request');
    assert.equal((await asBob('GET', `/${db}/doc1?open_revs=all`)).status, 200);
    await assertStillUp();
  });
});
