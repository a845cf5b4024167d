import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from './helpers/http-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { createOnlineUser } from './helpers/users.js';

describe('error envelope and Content-Type rules', () => {
  let t: TestServer;
  let user: Credentials;

  before(async () => {
    t = await startTestServer();
    // national_admin has can_edit but, once this test removes it, not can_configure
    user = await createOnlineUser(t);
    const res = await t.api.put('/api/v1/settings?replace=1', { json: { permissions: { can_edit: ['national_admin'], can_configure: [] } } });
    assert.equal(res.status, 200);
  });
  after(() => t.stop());

  it('renders errors as {code, error} JSON, in that key order, for JSON clients', async () => {
    const res = await t.anonymous.put('/api/v1/settings', { auth: user, json: {}, headers: { accept: 'application/json' } });
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"code":403,"error":"Insufficient privileges"}');
  });

  it('renders errors as text/plain for clients that do not prefer JSON', async () => {
    for (const accept of [undefined, '*/*', 'text/html,application/xhtml+xml,*/*;q=0.8']) {
      const res = await t.anonymous.put('/api/v1/settings', { auth: user, json: {}, headers: accept ? { accept } : {} });
      assert.equal(res.status, 403);
      assert.equal(res.text, 'Insufficient privileges');
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    }
  });

  it('prefers JSON for Angular-style Accept headers', async () => {
    const res = await t.anonymous.put('/api/v1/settings', { auth: user, json: {}, headers: { accept: 'application/json, text/plain, */*' } });
    assert.equal(res.text, '{"code":403,"error":"Insufficient privileges"}');
  });

  it('requires exactly application/json on strict JSON routes, before authentication', async () => {
    for (const type of ['application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded']) {
      const res = await t.anonymous.put('/api/v1/settings', { body: '{}', headers: { 'content-type': type, accept: 'application/json' } });
      assert.equal(res.status, 400, type);
      assert.equal(res.text, '{"code":400,"error":"Content-Type must be application/json"}');
    }
    const missing = await t.api.put('/api/v1/settings', { body: '{}', headers: { accept: 'application/json' } });
    assert.equal(missing.status, 400);
  });

  it('answers malformed JSON with 400 naming the problem (the reference: 500)', async () => {
    const res = await t.api.put('/api/v1/settings', { body: '{"a":', headers: { 'content-type': 'application/json', accept: 'application/json' } });
    assert.equal(res.status, 400);
    assert.match(res.json().error, /^Invalid JSON in request body/);
  });

  it('answers a body that does not inflate (bad gzip) with 400, and too many form fields with 413', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', accept: 'application/json' };
    const garbage = await t.api.put('/api/v1/settings', { body: Buffer.from('not gzip at all'), headers });
    assert.equal(garbage.status, 400);
    assert.match(garbage.json().error, /^Invalid request body: /);
    const form = Array.from({ length: 1_001 }, (_, i) => `f${i}=1`).join('&');
    const many = await t.api.post('/api/v2/records', { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' } });
    assert.equal(many.status, 413);
    assert.match(many.json().error, /^Invalid request body: too many parameters/);
  });

  it('inflates a valid gzip-encoded JSON body', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', accept: 'application/json' };
    const res = await t.api.put('/api/v1/settings', { body: gzipSync(JSON.stringify({ gzip_test: { ok: true } })), headers });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { success: true, updated: true });
    assert.deepEqual((await t.api.get('/api/v1/settings')).json().gzip_test, { ok: true });
  });

  it('refuses JSON nested too deeply with 400 rather than crashing on it', async () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const settings = await t.api.put('/api/v1/settings', { body: nested(5_000), headers });
    assert.equal(settings.status, 400);
    assert.equal(settings.text, '{"code":400,"error":"Request body is nested too deeply"}');
    const person = await t.api.post('/api/v1/people', { body: `{"name":"Deep","type":"person","deep":${nested(20_000)}}`, headers });
    assert.equal(person.status, 400);
    assert.equal(person.text, '{"code":400,"error":"Request body is nested too deeply"}');
  });

  it('refuses bodies over 32 MiB with 413', async () => {
    const big = `{"x":"${'a'.repeat(33 * 1024 * 1024)}"}`;
    const res = await t.api.put('/api/v1/settings', { body: big, headers: { 'content-type': 'application/json', accept: 'application/json' } });
    assert.equal(res.status, 413);
    assert.equal(res.text, '{"code":413,"error":"Payload Too Large"}');
  });

  it('answers unknown /api paths with a 404 envelope', async () => {
    const res = await t.api.get('/api/v1/no-such-thing', { headers: { accept: 'application/json' } });
    assert.equal(res.status, 404);
    assert.equal(res.text, '{"code":404,"error":"Not found"}');
  });

  it('treats a trailing slash as another route, as the reference does', async () => {
    for (const path of ['/api/v1/settings/', '/api/deploy-info/', '/api/v1/person/']) {
      const res = await t.api.get(path, { headers: { accept: 'application/json' } });
      assert.equal(res.status, 404, path);
    }
  });

  it('answers a malformed percent-encoding in a path parameter with 400', async () => {
    const res = await t.api.get('/api/v1/person/%E0%A4%A', { headers: { accept: 'application/json' } });
    assert.equal(res.status, 400);
    assert.match(res.json().error, /^Malformed URL/);
  });

  it('tags every response with a 12-hex-character request id', async () => {
    const res = await t.api.get('/api/info');
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f]{12}$/);
  });
});
