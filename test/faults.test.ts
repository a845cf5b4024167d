import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { HttpClient } from './helpers/http-client.js';
import { TcpForwarder } from './helpers/tcp-forwarder.js';
import { dropDatabases, startTestServer, uniqueDbName, type TestServer } from './helpers/test-server.js';

describe('database outage', () => {
  let backend: TestServer;
  let relay: TcpForwarder;
  let viaRelay: TestServer;

  before(async () => {
    backend = await startTestServer();
    const couch = new URL(backend.server.couchUrl);
    relay = new TcpForwarder({ host: couch.hostname, port: Number(couch.port) });
    await relay.start();
    const { user, password } = backend.admin;
    const url = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${relay.port}/${backend.dbName}`;
    // no session cache: the outage must show on the very next request
    viaRelay = await startTestServer({ env: { COUCH_URL: url, SESSION_CACHE_MS: '0' }, dbName: backend.dbName, keepData: true });
  });
  after(async () => {
    await viaRelay.stop();
    await relay.stop();
    await backend.stop();
  });

  it('answers 503 with a clear message while CouchDB is unreachable, and recovers without a restart', async () => {
    const api = new HttpClient(viaRelay.url, backend.admin);
    assert.equal((await api.get('/api/v1/settings')).status, 200);

    await relay.stop();
    const down = await api.get('/api/v1/settings', { headers: { accept: 'application/json' } });
    assert.equal(down.status, 503);
    assert.match(down.json().error, /unreachable/i);
    const proxied = await api.get(`/${backend.dbName}/settings`, { headers: { accept: 'application/json' } });
    assert.equal(proxied.status, 503);

    await relay.start();
    const up = await api.get('/api/v1/settings');
    assert.equal(up.status, 200);
  });
});

describe('wrong server-admin credentials in COUCH_URL', () => {
  it('fails to start with a clear message instead of waiting forever', async () => {
    const backend = await startTestServer();
    try {
      const couch = new URL(backend.server.couchUrl);
      const url = `http://${encodeURIComponent(backend.admin.user)}:not-the-password@${couch.host}/${backend.dbName}`;
      await assert.rejects(startTestServer({ env: { COUCH_URL: url }, dbName: backend.dbName, keepData: true }), /refused the server-admin credentials/);
    } finally {
      await backend.stop();
    }
  });
});

describe('SIGTERM', () => {
  it('finishes in-flight requests, then exits cleanly', async () => {
    const external = process.env.COUCH_URL;
    const dbName = uniqueDbName();
    const database = external ? { COUCH_URL: new URL(`/${dbName}`, external).toString() } : { DATA_DIR: ':memory:', COUCH_ADMIN_PASSWORD: 'sigterm-test-pass' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, API_PORT: '0', API_HOST: '127.0.0.1', LOG_LEVEL: 'info', ...database },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = out.match(/"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"API listening"/);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', () => reject(new Error(`server exited: ${out}`)));
    });
    const res = await fetch(`${url}/api/info`);
    assert.equal(res.status, 200);
    const password = external ? decodeURIComponent(new URL(external).password) : 'sigterm-test-pass';
    const user = external ? decodeURIComponent(new URL(external).username) : 'admin';
    const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const inFlight = fetch(`${url}/medic/_changes?feed=longpoll&since=now&timeout=1500`, { headers: { authorization: auth } });
    // a live feed never ends by itself (CHT clients hold them): shutdown must not wait for it forever
    const liveFeed = await fetch(`${url}/medic/_changes?feed=continuous&since=now&heartbeat=500`, { headers: { authorization: auth } });
    assert.equal(liveFeed.status, 200);
    const liveFeedEnded = liveFeed.text().then(() => 'ended', () => 'cut');
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    assert.deepEqual(((await answer.json()) as { results: unknown[] }).results, []);
    assert.equal(await exited, 0);
    assert.ok(['ended', 'cut'].includes(await liveFeedEnded));
    if (external) {
      const couchUrl = new URL(external);
      const admin = { user: decodeURIComponent(couchUrl.username), password: decodeURIComponent(couchUrl.password) };
      await dropDatabases(new HttpClient(couchUrl.origin, admin), dbName);
    }
  });
});
