import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from './helpers/eventually.js';
import { RecordingProxy } from './helpers/recording-proxy.js';
import { logLines } from './helpers/log-lines.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('settings written straight to CouchDB', () => {
  let t: TestServer;
  const { stream, lines } = logLines();

  before(async () => {
    t = await startTestServer({ env: { LOG_LEVEL: 'debug' }, logStream: stream });
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

describe('a settings write while the server starts', () => {
  let backend: TestServer;
  let proxy: RecordingProxy;
  let api: TestServer;

  before(async () => {
    backend = await startTestServer();
    proxy = new RecordingProxy(new URL(backend.server.couchUrl));
    let written = false;
    // the watcher's first longpoll is held until a write lands: after the startup reload, before the feed is read
    proxy.gate = (req) => {
      if (written || !/\/_changes\?.*feed=longpoll/.test(req.url)) return undefined;
      written = true;
      return (async () => {
        const doc = (await backend.couch.get(`/${backend.dbName}/settings`)).json();
        doc.settings.roles = { ...doc.settings.roles, startup_role: { name: 'usertype.startup' } };
        assert.equal((await backend.couch.put(`/${backend.dbName}/settings`, { json: doc })).status, 201);
      })();
    };
    await proxy.start();
    const { user, password } = backend.admin;
    const url = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}/${backend.dbName}`;
    api = await startTestServer({ env: { COUCH_URL: url }, dbName: backend.dbName, keepData: true });
  });
  after(async () => {
    await api.stop();
    await proxy.stop();
    await backend.stop();
  });

  it('is not missed: the feed starts from the sequence read before the startup reload', async () => {
    await eventually(async () => assert.equal((await api.api.get('/api/v1/settings')).json().roles.startup_role?.name, 'usertype.startup'));
  });
});
