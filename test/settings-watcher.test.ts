import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { eventually } from './helpers/eventually.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('settings written straight to CouchDB', () => {
  let t: TestServer;
  const lines: string[] = [];

  before(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    t = await startTestServer({ env: { LOG_LEVEL: 'debug' }, logStream: logs });
  });
  after(() => t.stop());

  it('are picked up: default permissions re-added, new roles become member roles, "Settings updated" logged, served', async () => {
    assert.equal((await t.api.get('/api/v1/settings')).json().roles.watcher_role, undefined); // cached before the write
    const doc = (await t.couch.get(`/${t.dbName}/settings`)).json();
    doc.settings.roles = { ...doc.settings.roles, watcher_role: { name: 'usertype.watcher' } };
    delete doc.settings.permissions.can_configure;
    lines.length = 0;
    assert.equal((await t.couch.put(`/${t.dbName}/settings`, { json: doc })).status, 201);

    await eventually(async () => {
      const security = (await t.couch.get(`/${t.dbName}/_security`)).json();
      assert.ok(security.members.roles.includes('watcher_role'));
    });
    await eventually(async () => {
      const settings = (await t.couch.get(`/${t.dbName}/settings`)).json().settings;
      assert.ok(Array.isArray(settings.permissions.can_configure), 'the default permission is back');
    });
    await eventually(() => assert.ok(lines.some((l) => JSON.parse(l).msg === 'Settings updated')));
    // what the API serves follows too (it is served from memory)
    await eventually(async () => {
      const served = await t.api.get('/api/v1/settings');
      assert.match(served.headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/);
      assert.equal(served.json().roles.watcher_role.name, 'usertype.watcher');
    });
  });
});
