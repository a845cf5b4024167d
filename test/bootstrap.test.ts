import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootstrap } from '../src/bootstrap/bootstrap.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('bootstrap', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('creates the databases', async () => {
    for (const suffix of ['', '-sentinel', '-logs', '-users-meta', '-vault', '-audit']) {
      const res = await t.couch.get(`/${t.dbName}${suffix}`);
      assert.equal(res.status, 200, `${t.dbName}${suffix}`);
    }
    assert.equal((await t.couch.get('/_users')).status, 200);
  });

  it('installs the design documents under the reference names', async () => {
    const expected: Array<[string, string]> = [
      [t.dbName, '_design/medic'],
      [t.dbName, '_design/medic-client'],
      [t.dbName, '_design/medic-admin'],
      [t.dbName, '_design/medic-conflicts'],
      [t.dbName, '_design/medic-sms'],
      [`${t.dbName}-sentinel`, '_design/sentinel'],
      [`${t.dbName}-users-meta`, '_design/users-meta'],
      [`${t.dbName}-logs`, '_design/logs'],
      ['_users', '_design/users'],
    ];
    for (const [db, id] of expected) {
      const res = await t.couch.get(`/${db}/${id}`);
      assert.equal(res.status, 200, `${db}/${id}`);
      assert.ok(Object.keys(res.json().views ?? {}).length > 0, `${db}/${id} has views`);
    }
    const rows = await t.couch.get(`/${t.dbName}/_design/medic-client/_view/contacts_by_type?reduce=false&limit=1`);
    assert.equal(rows.status, 200);
  });

  it('writes default settings with the default hierarchy', async () => {
    const settings = (await t.api.get('/api/v1/settings')).json();
    const types = Object.fromEntries(settings.contact_types.map((ct: { id: string }) => [ct.id, ct]));
    assert.deepEqual(types.health_center.parents, ['district_hospital']);
    assert.deepEqual(types.clinic.parents, ['health_center']);
    assert.equal(types.person.person, true);
    assert.ok(settings.roles.chw.offline);
    assert.ok(settings.permissions.can_edit);
  });

  it("creates the admin's user-settings doc and Sentinel's checkpoint", async () => {
    const admin = (await t.couch.get(`/${t.dbName}/org.couchdb.user:${t.admin.user}`)).json();
    assert.equal(admin.type, 'user-settings');
    assert.equal(admin.name, t.admin.user);
    const seq = await t.couch.get(`/${t.dbName}-sentinel/_local/transitions-seq`);
    assert.equal(seq.status, 200);
  });

  it('adds the configured roles as member roles of the main database', async () => {
    const security = (await t.couch.get(`/${t.dbName}/_security`)).json();
    assert.ok(security.members.roles.includes('chw'));
  });

  it('is idempotent: a second run changes nothing', async () => {
    const revs = async () =>
      (await t.couch.get(`/${t.dbName}/_all_docs?startkey=${encodeURIComponent('"_design/"')}&endkey=${encodeURIComponent('"_design0"')}`))
        .json()
        .rows.map((r: { id: string; value: { rev: string } }) => `${r.id}@${r.value.rev}`);
    const before = await revs();
    const settingsRev = (await t.couch.get(`/${t.dbName}/settings`)).json()._rev;
    await bootstrap(t.server.services.couch, t.server.services.logger);
    assert.deepEqual(await revs(), before);
    assert.equal((await t.couch.get(`/${t.dbName}/settings`)).json()._rev, settingsRev);
  });
});

describe('restart', () => {
  it('keeps data across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cht-api-restart-'));
    try {
      const first = await startTestServer({ dataDir, keepData: true });
      await first.api.put('/api/v1/settings', { json: { restart_marker: 42 } });
      await first.api.put(`/${first.dbName}/kept-doc`, { json: { kept: true } });
      await first.stop();
      const second = await startTestServer({ dataDir, dbName: first.dbName });
      try {
        assert.equal((await second.api.get('/api/v1/settings')).json().restart_marker, 42);
        assert.equal((await second.api.get(`/${second.dbName}/kept-doc`)).json().kept, true);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
