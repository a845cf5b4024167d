import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpClient } from './helpers/http-client.js';
import { startBehindProxy, type ProxiedServer, type RecordingProxy } from './helpers/recording-proxy.js';
import type { TestServer } from './helpers/test-server.js';

describe('X-Request-Id on CouchDB calls', () => {
  let servers: ProxiedServer;
  let backend: TestServer;
  let proxy: RecordingProxy;
  let api: TestServer;

  before(async () => {
    servers = await startBehindProxy({ SESSION_CACHE_MS: '0' });
    ({ backend, proxy, api } = servers);
  });
  after(() => servers.stop());

  it('sends the request id and X-Medic-Service on every CouchDB call made for a request', async () => {
    const client = new HttpClient(api.url, backend.admin);
    // an /api route that reads the main database on every request (settings are served from memory), and the pass-through
    const hydrate = `/api/v1/hydrate?doc_ids=${encodeURIComponent('["settings"]')}`;
    for (const path of [hydrate, `/${backend.dbName}/settings`]) {
      proxy.requests.length = 0;
      const res = await client.get(path);
      assert.equal(res.status, 200);
      const id = res.headers.get('x-request-id');
      assert.match(id ?? '', /^[0-9a-f]{12}$/);
      const forRequest = proxy.requests.filter((r) => r.headers['x-request-id'] === id);
      assert.ok(forRequest.length >= 2, `${path}: the session lookup and the read carry the id`);
      assert.ok(forRequest.some((r) => r.url.startsWith('/_session')), `${path}: the session lookup carries the id`);
      assert.ok(forRequest.some((r) => r.url.startsWith(`/${backend.dbName}/`)), `${path}: the read carries the id`);
      for (const r of forRequest) assert.equal(r.headers['x-medic-service'], 'api');
    }
  });

  it('never sends the admin credentials on a caller\'s session lookup', async () => {
    proxy.requests.length = 0;
    await new HttpClient(api.url).get('/api/deploy-info', { auth: { user: 'someone', password: 'wrong-one' } });
    const lookups = proxy.requests.filter((r) => r.url.startsWith('/_session'));
    assert.equal(lookups.length, 1);
    assert.equal(lookups[0]?.headers.authorization, `Basic ${Buffer.from('someone:wrong-one').toString('base64')}`);
  });
});
