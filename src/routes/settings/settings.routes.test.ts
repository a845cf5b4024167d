import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createOfflineUser } from '../../../test/helpers/users.js';

describe('settings API', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  /** Puts a known baseline with the settings API itself. */
  beforeEach(async () => {
    const res = await t.api.put('/api/v1/settings?overwrite=1', { json: { a: { b: 1, c: [1, 2] }, keep: 'yes' } });
    assert.equal(res.status, 200);
  });

  const getSettings = async () => (await t.api.get('/api/v1/settings')).json();

  describe('GET /api/v1/settings', () => {
    it('returns the stored settings to any logged-in user', async () => {
      const offline = await createOfflineUser(t);
      const res = await t.anonymous.get('/api/v1/settings', { auth: offline });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json().a, { b: 1, c: [1, 2] });
    });
  });

  describe('PUT /api/v1/settings', () => {
    it('deep-merges by default, replacing arrays', async () => {
      const res = await t.api.put('/api/v1/settings', { json: { a: { c: [3], d: true } } });
      assert.deepEqual(res.json(), { success: true, updated: true });
      const s = await getSettings();
      assert.deepEqual(s.a, { b: 1, c: [3], d: true });
      assert.equal(s.keep, 'yes');
    });

    it('replaces top-level keys with replace (any non-empty value, even false)', async () => {
      const res = await t.api.put('/api/v1/settings?replace=false', { json: { a: { d: 1 } } });
      assert.deepEqual(res.json(), { success: true, updated: true });
      const s = await getSettings();
      assert.deepEqual(s.a, { d: 1 });
      assert.equal(s.keep, 'yes');
    });

    it('replaces the whole settings with overwrite, default permissions re-added', async () => {
      await t.api.put('/api/v1/settings?overwrite=1&replace=1', { json: { only: 1 } });
      const s = await getSettings();
      assert.equal(s.only, 1);
      assert.equal(s.keep, undefined);
      assert.ok(Array.isArray(s.permissions.can_edit), 'default permissions are present');
    });

    it('never deletes a default permission and keeps an emptied one', async () => {
      await t.api.put('/api/v1/settings?replace=1', { json: { permissions: { can_edit: [] } } });
      const s = await getSettings();
      assert.deepEqual(s.permissions.can_edit, []);
      assert.ok(Array.isArray(s.permissions.can_configure));
    });

    it('answers updated:false and writes nothing when nothing changes', async () => {
      const before = (await t.couch.get(`/${t.dbName}/settings`)).json()._rev;
      const res = await t.api.put('/api/v1/settings', { json: { a: { b: 1 } } });
      assert.deepEqual(res.json(), { success: true, updated: false });
      assert.equal((await t.couch.get(`/${t.dbName}/settings`)).json()._rev, before);
    });

    it('stores a __proto__ key as data and keeps serving (no prototype pollution)', async () => {
      const body = '{"__proto__":{"polluted":"yes"},"a":{"__proto__":{"polluted":"yes"}}}';
      for (const path of ['/api/v1/settings', '/api/v1/settings?replace=1']) {
        const res = await t.api.put(path, { body, headers: { 'content-type': 'application/json' } });
        assert.equal(res.status, 200);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal((await t.anonymous.get('/api/v1/express-metrics')).status, 200);
      assert.equal((await t.api.get('/api/v1/settings')).status, 200);
    });

    it('refuses a body that is not a JSON object', async () => {
      const res = await t.api.put('/api/v1/settings', { json: [1, 2], headers: { accept: 'application/json' } });
      assert.equal(res.status, 400);
      assert.equal(res.json().error, 'Settings must be a JSON object');
    });

    it('needs can_edit and can_configure', async () => {
      const offline = await createOfflineUser(t);
      const res = await t.anonymous.put('/api/v1/settings', { auth: offline, json: { x: 1 }, headers: { accept: 'application/json' } });
      assert.equal(res.status, 403);
      assert.equal(res.text, '{"code":403,"error":"Insufficient privileges"}');
    });
  });

  describe('legacy _rewrite routes (cht-conf)', () => {
    it('updates through PUT /medic/_design/medic/_rewrite/update_settings/medic?replace=1', async () => {
      const res = await t.api.put('/medic/_design/medic/_rewrite/update_settings/medic?replace=1', { json: { a: { z: 1 } } });
      assert.deepEqual(res.json(), { success: true, updated: true });
      assert.deepEqual((await getSettings()).a, { z: 1 });
    });

    it('reads through GET /medic/_design/medic/_rewrite/app_settings/medic, whole or at a path', async () => {
      const whole = await t.api.get('/medic/_design/medic/_rewrite/app_settings/medic');
      assert.equal(whole.status, 200);
      assert.deepEqual(Object.keys(whole.json()), ['settings', 'meta', 'schema']);
      assert.equal(whole.json().settings.keep, 'yes');
      const part = await t.api.get(`/${t.dbName}/_design/medic/_rewrite/app_settings/medic/a/c`);
      assert.deepEqual(part.json(), { settings: [1, 2], meta: {}, schema: {} });
      const missing = await t.api.get('/medic/_design/medic/_rewrite/app_settings/medic/nope');
      assert.deepEqual(missing.json().settings, {});
    });
  });

  it('leaves the same paths of other databases to CouchDB', async () => {
    const res = await t.api.put('/not-the-main-db/_design/medic/_rewrite/update_settings/medic', {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.json().error, 'not_found');
  });

  describe('GET /api/v1/settings/deprecated-transitions', () => {
    it('lists configured deprecated transitions', async () => {
      assert.deepEqual((await t.api.get('/api/v1/settings/deprecated-transitions')).json(), []);
      await t.api.put('/api/v1/settings', { json: { transitions: { update_notifications: true, muting: true } } });
      const res = (await t.api.get('/api/v1/settings/deprecated-transitions')).json();
      assert.equal(res.length, 1);
      assert.equal(res[0].name, 'update_notifications');
      assert.equal(res[0].deprecated, true);
    });
  });
});
