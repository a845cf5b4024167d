import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { dbName, startTestCouch, type Reply, type TestCouch } from './test-helpers.js';

// `_show`, `_list`, `_update` and `_rewrite` are answered by compat/design-functions.ts; none of
// them reaches express-pouchdb, whose attachment routes read `_rewrite/y` as an attachment name
// (on a system database: a TypeError 500 naming itself, then an unhandled rejection that ended
// the store's thread).
let t: TestCouch;
let db: string;
let member: string;
let outsider: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
before(async () => {
  process.on('unhandledRejection', onUnhandled);
  t = await startTestCouch();
  db = dbName('ddocfn');
  await t.call('PUT', `/${db}`);
  member = await t.createUser('fn-member', 'pw', ['m']);
  outsider = await t.createUser('fn-outsider', 'pw');
  await t.call('PUT', `/${db}/_security`, { body: { members: { roles: ['m'] } } });
  await t.call('PUT', `/${db}/_design/plain`, { body: { views: {} } });
  await t.call('PUT', `/${db}/_design/full`, {
    body: {
      shows: { s: 'function (doc) { return "x"; }' },
      lists: { l: 'function (head, req) { return "x"; }' },
      updates: { u: 'function (doc, req) { return [null, "x"]; }' },
      rewrites: [{ from: '/a', to: '../../a' }],
    },
  });
});
after(async () => {
  await t.close();
  process.off('unhandledRejection', onUnhandled);
});

function assertError(r: Reply, status: number, error: string, reason: string): void {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(r.body, { error, reason });
}

async function assertHealthy(): Promise<void> {
  await sleep(50); // the unhandled rejection came ~20 ms after the 500
  assert.deepEqual(unhandled, []);
  assert.equal((await t.call('GET', '/_up', { auth: null })).status, 200);
}

describe('design functions (_show, _list, _update, _rewrite)', () => {
  it('answers a missing design doc of a system db with 404 missing, no JS error and no unhandled rejection', async () => {
    for (const action of ['_rewrite/y', '_show/y', '_list/y/v', '_update/y']) {
      const r = await t.call('GET', `/_users/_design/x/${action}`);
      assertError(r, 404, 'not_found', 'missing');
    }
    assertError(await t.call('POST', '/_users/_design/x/_update/y', { body: {} }), 404, 'not_found', 'missing');
    await assertHealthy();
  });

  it("answers an existing design doc without the function as CouchDB does (_users' _auth too)", async () => {
    assertError(await t.call('GET', '/_users/_design/_auth/_rewrite/'), 404, 'rewrite_error', 'Invalid path.');
    assertError(await t.call('GET', '/_users/_design/_auth/_rewrite/y'), 404, 'rewrite_error', 'Invalid path.');
    assertError(await t.call('GET', `/${db}/_design/plain/_show/s`), 404, 'not_found', 'missing json key: shows');
    assertError(await t.call('GET', `/${db}/_design/plain/_show/s/doc`), 404, 'not_found', 'missing json key: shows');
    assertError(await t.call('GET', `/${db}/_design/full/_show/nope`), 404, 'not_found', 'missing json key: nope');
    assertError(await t.call('GET', `/${db}/_design/full/_show`), 404, 'show_error', 'Invalid path.');
    assertError(await t.call('GET', `/${db}/_design/plain/_list/l/v`), 404, 'not_found', 'missing json key: lists');
    assertError(await t.call('GET', `/${db}/_design/plain/_list/l`), 404, 'list_error', 'Bad path.');
    const update = 'missing updates function u on design doc _design/plain';
    assertError(await t.call('POST', `/${db}/_design/plain/_update/u`, { body: {} }), 404, 'not_found', update);
    assertError(await t.call('PUT', `/${db}/_design/plain/_update/u/doc`, { body: {} }), 404, 'not_found', update);
    assertError(await t.call('GET', `/${db}/_design/plain/_rewrite/a`), 404, 'rewrite_error', 'Invalid path.');
    await assertHealthy();
  });

  it('answers 501 when the design doc has the function (the store runs none)', async () => {
    const cases: [string, string, string][] = [
      ['GET', `/${db}/_design/full/_show/s/doc`, '_show'],
      ['GET', `/${db}/_design/full/_list/l/v`, '_list'],
      ['POST', `/${db}/_design/full/_update/u`, '_update'],
      ['GET', `/${db}/_design/full/_rewrite/a`, '_rewrite'],
    ];
    for (const [method, path, action] of cases) {
      const r = await t.call(method, path, { body: method === 'POST' ? {} : undefined });
      assertError(r, 501, 'not_implemented', `${action} is not supported by the embedded store`);
    }
  });

  it('answers a deleted design doc with 404 deleted', async () => {
    const created = await t.call('PUT', `/${db}/_design/gone`, { body: { shows: {} } });
    await t.call('DELETE', `/${db}/_design/gone?rev=${(created.body as { rev: string }).rev}`);
    assertError(await t.call('GET', `/${db}/_design/gone/_show/s`), 404, 'not_found', 'deleted');
  });

  it('lets members call them, as CouchDB does, and keeps everyone else out', async () => {
    assertError(await t.call('GET', `/${db}/_design/plain/_show/s`, { auth: member }), 404, 'not_found', 'missing json key: shows');
    const r = await t.call('POST', `/${db}/_design/full/_update/u`, { auth: member, body: {} });
    assert.equal(r.status, 501, r.text);
    assert.equal((await t.call('GET', `/${db}/_design/plain/_show/s`, { auth: outsider })).status, 403);
    assert.equal((await t.call('GET', `/${db}/_design/plain/_show/s`, { auth: null })).status, 401);
    assert.equal((await t.call('GET', '/_users/_design/_auth/_rewrite/', { auth: member })).status, 401);
  });

  it('answers DELETE of a legacy _rewrite path as a rewrite (a clean 4xx) and leaves the design doc alone', async () => {
    await t.call('PUT', `/${db}/_design/medic`, {
      body: { views: {}, _attachments: { 'app_settings/medic': { content_type: 'text/plain', data: 'aGk=' } } },
    });
    const before = await t.call('GET', `/${db}/_design/medic`);
    const rev = (before.body as { _rev: string })._rev;
    const path = `/${db}/_design/medic/_rewrite/app_settings/medic`;
    for (const query of ['', `?rev=${rev}`]) {
      assertError(await t.call('DELETE', path + query), 404, 'rewrite_error', 'Invalid path.');
      assertError(await t.call('DELETE', path + query, { auth: member }), 404, 'rewrite_error', 'Invalid path.');
      assert.equal((await t.call('DELETE', path + query, { auth: outsider })).status, 403);
      assert.equal((await t.call('DELETE', path + query, { auth: null })).status, 401);
    }
    assert.deepEqual((await t.call('GET', `/${db}/_design/medic`)).body, before.body);
    await assertHealthy();
  });
});

describe('attachments of system databases', () => {
  it('reads a _users attachment (pouchdb-system-db installed no getAttachment handler)', async () => {
    const id = encodeURIComponent('org.couchdb.user:fn-outsider');
    const rev = ((await t.call('GET', `/_users/${id}`)).body as { _rev: string })._rev;
    const put = await t.call('PUT', `/_users/${id}/note.txt?rev=${rev}`, { body: 'hello', headers: { 'content-type': 'text/plain' } });
    assert.equal(put.status, 201, put.text);
    const r = await t.call('GET', `/_users/${id}/note.txt`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'hello');
    assertError(await t.call('GET', `/_users/${id}/other.txt`), 404, 'not_found', 'missing');
    assertError(await t.call('GET', '/_users/_design/_auth/nothing'), 404, 'not_found', 'missing');
    assertError(await t.call('GET', '/_users/org.couchdb.user:nobody/a.txt'), 404, 'not_found', 'missing');
    await assertHealthy();
  });
});
