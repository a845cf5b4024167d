import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from './helpers/eventually.js';
import { logLines } from './helpers/log-lines.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('request log', () => {
  let t: TestServer;
  const { stream, lines } = logLines();

  before(async () => {
    t = await startTestServer({ env: { LOG_LEVEL: 'info' }, logStream: stream });
  });
  after(() => t.stop());

  /** The log line of one request, once the server has written it. */
  const lineFor = (requestId: string | null) =>
    eventually(() => {
      const entry = lines.map((l) => JSON.parse(l)).find((l) => l.req?.id === requestId);
      assert.ok(entry, `a log line for request ${requestId}`);
      return entry;
    });

  it('writes one line per request with method, status, user and request id, and no credentials', async () => {
    lines.length = 0;
    // well-formed (name:time:hash) for a user that does not exist: every CouchDB falls through to Basic
    const cookieValue = Buffer.from(`nobody-${Date.now()}:60000000:secret-cookie-hash`).toString('base64url');
    const secretCookie = `AuthSession=${cookieValue}`;
    const res = await t.api.get('/api/v1/settings?key=query-secret-123&x=1', { headers: { cookie: secretCookie } });
    assert.equal(res.status, 200);
    const entry = await lineFor(res.headers.get('x-request-id'));
    assert.equal(entry.req.method, 'GET');
    assert.equal(entry.req.user, t.admin.user);
    assert.equal(entry.res.statusCode, 200);
    assert.equal(typeof entry.responseTime, 'number');
    assert.match(entry.req.url, /key=\[redacted\]&x=1/);
    const all = lines.join('\n');
    for (const secret of [t.admin.password, Buffer.from(`${t.admin.user}:${t.admin.password}`).toString('base64'), cookieValue, 'query-secret-123']) {
      assert.ok(!all.includes(secret), 'no secret in the log');
    }
  });

  it('logs the user CouchDB vouched for, never one the client claims', async () => {
    lines.length = 0;
    const res = await t.anonymous.get('/api/deploy-info', { headers: { 'x-medic-user': 'spoofed-admin', accept: 'application/json' } });
    assert.equal(res.status, 401);
    const entry = await lineFor(res.headers.get('x-request-id'));
    assert.equal(entry.req.user, undefined);
  });

  it('blanks login tokens in paths', async () => {
    lines.length = 0;
    const first = await t.anonymous.get('/medic/login/token/abcdefSECRETTOKEN');
    const second = await t.anonymous.get('/medic/LOGIN/Token/ghijklSECRETTOKEN');
    await lineFor(first.headers.get('x-request-id'));
    await lineFor(second.headers.get('x-request-id'));
    assert.ok(!lines.join('\n').includes('abcdefSECRETTOKEN'));
    assert.ok(!lines.join('\n').includes('ghijklSECRETTOKEN'), 'whatever the case of the path');
  });
});
