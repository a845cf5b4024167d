import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('request log', () => {
  let t: TestServer;
  const lines: string[] = [];

  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    t = await startTestServer({ env: { LOG_LEVEL: 'info' }, logStream: stream });
  });
  after(() => t.stop());

  it('writes one line per request with method, status, user and request id, and no credentials', async () => {
    lines.length = 0;
    const secretCookie = 'AuthSession=c2VjcmV0LWNvb2tpZQ';
    const res = await t.api.get('/api/v1/settings?key=query-secret-123&x=1', { headers: { cookie: secretCookie } });
    assert.equal(res.status, 200);
    await new Promise((r) => setTimeout(r, 50));
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.req?.id === res.headers.get('x-request-id'));
    assert.ok(entry, 'a line for the request');
    assert.equal(entry.req.method, 'GET');
    assert.equal(entry.req.user, t.admin.user);
    assert.equal(entry.res.statusCode, 200);
    assert.equal(typeof entry.responseTime, 'number');
    assert.match(entry.req.url, /key=\[redacted\]&x=1/);
    const all = lines.join('\n');
    for (const secret of [t.admin.password, Buffer.from(`${t.admin.user}:${t.admin.password}`).toString('base64'), 'c2VjcmV0LWNvb2tpZQ', 'query-secret-123']) {
      assert.ok(!all.includes(secret), 'no secret in the log');
    }
  });

  it('blanks login tokens in paths', async () => {
    lines.length = 0;
    await t.anonymous.get('/medic/login/token/abcdefSECRETTOKEN');
    await t.anonymous.get('/medic/LOGIN/Token/ghijklSECRETTOKEN');
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(lines.length > 0);
    assert.ok(!lines.join('\n').includes('abcdefSECRETTOKEN'));
    assert.ok(!lines.join('\n').includes('ghijklSECRETTOKEN'), 'whatever the case of the path');
  });
});
