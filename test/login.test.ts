import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from './helpers/http-client.js';
import { eventually } from './helpers/eventually.js';
import { logLines } from './helpers/log-lines.js';
import { startBehindProxy, type ProxiedServer } from './helpers/recording-proxy.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { createOnlineUser, uniqueName } from './helpers/users.js';

describe('POST /medic/login', () => {
  let t: TestServer;
  let user: Credentials;
  /** Debug level: the line of every failed request is there too. */
  const logs = logLines();

  before(async () => {
    t = await startTestServer({ env: { LOG_LEVEL: 'debug' }, logStream: logs.stream });
    user = await createOnlineUser(t);
  });
  after(() => t.stop());

  it('creates a session: AuthSession (with Expires) and userCtx cookies, 302 with the app path as body', async () => {
    const res = await t.anonymous.post('/medic/login', { json: { user: user.user, password: user.password, redirect: '/#/contacts' } });
    assert.equal(res.status, 302);
    assert.equal(res.text, '/#/contacts');
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('AuthSession='));
    assert.ok(session, 'AuthSession cookie set');
    assert.match(session, /Expires=/i);
    const userCtx = cookies.find((c) => c.startsWith('userCtx='));
    assert.ok(userCtx);
    assert.deepEqual(JSON.parse(decodeURIComponent((userCtx.split(';')[0] as string).slice('userCtx='.length))), {
      name: user.user,
      roles: ['national_admin', 'mm-online'],
    });
    const me = await t.anonymous.get('/_session', { headers: { cookie: session.split(';')[0] as string } });
    assert.equal(me.json().userCtx.name, user.user);
  });

  /** Logs in and returns the status and the path the answer sends the browser to. */
  const loginTo = async (redirect: string) => {
    const res = await t.anonymous.post('/medic/login', { json: { user: user.user, password: user.password, redirect } });
    return [res.status, res.text];
  };

  it('redirects to a path of this origin, with its query and fragment', async () => {
    assert.deepEqual(await loginTo('/medic/_design/medic/_rewrite?x=1#/messages'), [302, '/medic/_design/medic/_rewrite?x=1#/messages']);
  });

  it('never redirects off-site: control characters (browsers drop them), backslashes and other origins go to /', async () => {
    const offSite = ['/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\u0000/evil.example', '/\\evil.example', '//evil.example/', 'https://evil.example/'];
    for (const redirect of offSite) assert.deepEqual(await loginTo(redirect), [302, '/'], JSON.stringify(redirect));
  });

  it('answers wrong credentials with 401 {error}', async () => {
    const res = await t.anonymous.post('/medic/login', { json: { user: user.user, password: 'nope-nope' } });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { error: 'Not logged in' });
  });

  it('answers a body without user or password with 400', async () => {
    const res = await t.anonymous.post('/medic/login', { json: { user: user.user }, headers: { accept: 'application/json' } });
    assert.equal(res.status, 400);
  });

  it('refuses with 429 once one user failed 10 logins within 10 s, from 10 different addresses', async () => {
    // a user that does not exist: no password hash per attempt on a real CouchDB, and the limiter counts the body's `user` all the same
    const target = uniqueName('nobody');
    for (let i = 0; i < 10; i++) {
      // a new address and a new password each time: only the body's `user` key adds up
      const res = await t.anonymous.post('/medic/login', { json: { user: target, password: `wrong-${i}` }, ip: `198.51.100.${i + 1}` });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const limited = await t.anonymous.post('/medic/login', {
      json: { user: target, password: 'never-tried' },
      ip: '198.51.100.77',
      headers: { accept: 'application/json' },
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.text, '{"code":429,"error":"Too Many Requests"}');
  });

  it('refuses over-long credentials before asking CouchDB (413 above 1 MiB, 400 naming the field), costing no rate-limit point', async () => {
    const ip = '198.51.100.200';
    const headers = { accept: 'application/json' };
    for (let i = 0; i < 3; i++) {
      const huge = 'p'.repeat(1_100_000);
      const json = await t.anonymous.post('/medic/login', { json: { user: user.user, password: huge }, ip, headers });
      assert.equal(json.status, 413, json.text);
      assert.equal(json.json().error, 'Payload Too Large');
      const form = await t.anonymous.post('/medic/login', {
        body: new URLSearchParams({ user: user.user, password: huge }).toString(),
        ip,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.status, 413, form.text);
      const password = await t.anonymous.post('/medic/login', { json: { user: user.user, password: 'p'.repeat(5000) }, ip, headers });
      assert.equal(password.status, 400);
      assert.equal(password.json().error, 'Field "password" is too long (at most 4096 characters)');
      const name = await t.anonymous.post('/medic/login', { json: { user: 'u'.repeat(5000), password: user.password }, ip, headers });
      assert.equal(name.status, 400);
      assert.equal(name.json().error, 'Field "user" is too long (at most 4096 characters)');
    }
    assert.equal((await t.anonymous.post('/medic/login', { json: user, ip })).status, 302, 'twelve refusals, and neither the address nor the user is limited');
  });

  it('answers malformed JSON with 400, quoting no part of the body in the answer or the log', async () => {
    const secret = 'SuperSecretPassword123';
    logs.lines.length = 0;
    const res = await t.anonymous.post('/medic/login', {
      body: `{"user":"${user.user}","password":${secret}}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    assert.equal(res.status, 400);
    assert.match(res.json().error, /^Invalid JSON in request body: unexpected character at position \d+$/);
    await eventually(() => assert.ok(logs.lines.some((l) => JSON.parse(l).msg === 'request failed')));
    const fragments = Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6));
    for (const text of [res.text, ...logs.lines]) {
      for (const fragment of fragments) assert.ok(!text.includes(fragment), `"${fragment}" in ${text}`);
    }
  });

  it('refuses a body nested too deeply with 400', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const res = await t.anonymous.post('/medic/login', { body: `{"user":"${user.user}","password":"x","deep":${deep}}`, headers: { 'content-type': 'application/json', accept: 'application/json' } });
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'Request body is nested too deeply');
  });

  it('serves a login page', async () => {
    const res = await t.anonymous.get('/medic/login');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  });
});

describe('POST /medic/login when CouchDB fails', () => {
  let p: ProxiedServer;
  let user: Credentials;

  before(async () => {
    p = await startBehindProxy();
    user = await createOnlineUser(p.api);
  });
  after(async () => {
    p.proxy.answer = undefined;
    await p.stop();
  });

  const login = (ip: string) => p.api.anonymous.post('/medic/login', { json: user, ip, headers: { accept: 'application/json' } });

  it('answers 500 when CouchDB fails the session request, and counts no failed login', async () => {
    p.proxy.answer = (req) => (req.method === 'POST' && req.url.startsWith('/_session') ? { status: 500, body: '{"error":"unknown_error","reason":"boom"}' } : undefined);
    for (let i = 0; i < 11; i++) {
      const res = await login('203.0.113.5');
      assert.equal(res.status, 500, `attempt ${i + 1}`);
      assert.equal(res.text, '{"code":500,"error":"Server error"}');
    }
    p.proxy.answer = undefined;
    assert.equal((await login('203.0.113.5')).status, 302, 'neither the address nor the user is rate-limited');
  });

  it('answers 413 when CouchDB finds the session request too large, counting no failed login', async () => {
    p.proxy.answer = (req) => (req.method === 'POST' && req.url.startsWith('/_session') ? { status: 413, body: '{"error":"too_large","reason":"the request entity is too large"}' } : undefined);
    for (let i = 0; i < 11; i++) {
      const res = await login('203.0.113.7');
      assert.equal(res.status, 413, `attempt ${i + 1}`);
      assert.equal(res.text, '{"code":413,"error":"Payload Too Large"}');
    }
    p.proxy.answer = undefined;
    assert.equal((await login('203.0.113.7')).status, 302, 'neither the address nor the user is rate-limited');
  });

  it('answers 401 when CouchDB refuses the credentials as malformed (400)', async () => {
    p.proxy.answer = (req) => (req.method === 'POST' && req.url.startsWith('/_session') ? { status: 400, body: '{"error":"bad_request","reason":"invalid name"}' } : undefined);
    const res = await login('203.0.113.8');
    p.proxy.answer = undefined;
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { error: 'Not logged in' });
  });

  it('answers 503 when CouchDB cannot be reached', async () => {
    p.proxy.answer = (req) => (req.method === 'POST' && req.url.startsWith('/_session') ? 'drop' : undefined);
    const res = await login('203.0.113.6');
    assert.equal(res.status, 503);
    assert.match(res.json().error, /unreachable/i);
    p.proxy.answer = undefined;
  });
});
