import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { basic, startTestCouch } from './test-helpers.js';

describe('leveldb data folder', () => {
  let dir = '';
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps data, users, uuid and the cookie secret across a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'embedded-couch-test-'));
    const first = await startTestCouch(dir);
    await first.call('PUT', '/keep');
    await first.call('PUT', '/keep/doc', { body: { kept: true } });
    await first.call('PUT', '/keep/_design/d', { body: { views: { v: { map: 'function (doc) { emit(doc._id); }' } } } });
    await first.call('GET', '/keep/_design/d/_view/v');
    const user = await first.createUser('persisted', 'pw', ['chw']);
    const uuid = ((await first.call('GET', '/')).body as { uuid: string }).uuid;
    const secret = (await first.call('GET', '/_node/_local/_config/couch_httpd_auth/secret')).body;
    const login = await first.call('POST', '/_session', { auth: null, body: { name: 'persisted', password: 'pw' } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const size = ((await first.call('GET', '/keep')).body as { sizes: { file: number } }).sizes.file;
    assert.ok(size > 0, 'leveldb sizes come from the files on disk');
    await first.close();

    const second = await startTestCouch(dir);
    try {
      assert.deepEqual(((await second.call('GET', '/keep/doc')).body as { kept: boolean }).kept, true);
      const rows = ((await second.call('GET', '/keep/_design/d/_view/v')).body as { rows: unknown[] }).rows;
      assert.equal(rows.length, 1);
      assert.equal((await second.call('GET', '/_session', { auth: user })).status, 200);
      assert.equal(((await second.call('GET', '/')).body as { uuid: string }).uuid, uuid);
      assert.equal((await second.call('GET', '/_node/_local/_config/chttpd_auth/secret')).body, secret);
      const s = (await second.call('GET', '/_session', { auth: null, headers: { cookie } })).body as { userCtx: unknown };
      assert.deepEqual(s.userCtx, { name: 'persisted', roles: ['chw'] }, 'a cookie from before the restart still works');
      assert.equal((await second.call('GET', '/', { auth: basic('admin', 'pass') })).status, 200);
    } finally {
      await second.close();
    }
  });
});
