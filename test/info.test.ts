import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { createOfflineUser } from './helpers/users.js';

describe('info endpoints and metrics', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('GET /api/info reports the reference API version without auth', async () => {
    const res = await t.anonymous.get('/api/info');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { version: '0.1.0' });
  });

  it('GET /setup/poll says the server is ready', async () => {
    assert.equal((await t.anonymous.get('/setup/poll')).json().ready, true);
  });

  it('GET /api/deploy-info returns the build info of _design/medic to any logged-in user', async () => {
    const offline = await createOfflineUser(t);
    const res = await t.anonymous.get('/api/deploy-info', { auth: offline });
    assert.equal(res.status, 200);
    const info = res.json();
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    assert.equal(info.application, 'medic');
  });

  it('GET /api/couch-config-attachments returns the compression config', async () => {
    const res = await t.api.get('/api/couch-config-attachments');
    assert.equal(res.status, 200);
    assert.equal(typeof res.json().compressible_types, 'string');
    assert.equal(typeof res.json().compression_level, 'string');
  });

  it('GET /api/v1/express-metrics exposes the reference metric names with route templates', async () => {
    await t.api.get('/api/v1/settings');
    await t.api.get(`/${t.dbName}/settings`);
    await t.api.get('/_made_up_endpoint_123');
    const res = await t.anonymous.get('/api/v1/express-metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = res.text;
    for (const name of [
      'cht_api_http_request_duration_seconds_bucket',
      'cht_api_http_request_size_bytes_bucket',
      'cht_api_http_response_size_bytes_bucket',
      'cht_api_process_cpu_user_seconds_total',
      'cht_api_nodejs_heap_size_used_bytes',
      'expressjs_number_of_open_connections',
    ]) {
      assert.ok(text.includes(name), `missing ${name}`);
    }
    assert.match(text, /cht_api_app_version\{version="0\.1\.0",major="0",minor="1",patch="0"\} 1/);
    assert.match(text, /cht_api_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/settings",code="200"\} \d+/);
    assert.match(text, /route="\/medic\/\{\*path\}"/);
    assert.match(text, /route="\/\{_other\}"/);
    assert.ok(!text.includes('_made_up_endpoint_123'), 'unknown _ endpoints share one label');
    assert.ok(!text.includes('route="/settings"') && !text.includes(`/${t.dbName}/settings`), 'no raw URLs in labels');
  });

  it('serves the metrics only at the exact path, whatever the query string', async () => {
    const res = await t.anonymous.get('/api/v1/express-metrics/', { headers: { accept: 'application/json' } });
    assert.equal(res.status, 404);
    assert.equal((await t.anonymous.get('/api/v1/express-metrics?x=1')).status, 200);
  });
});
