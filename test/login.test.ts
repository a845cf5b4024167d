import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from './helpers/http-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { createOnlineUser } from './helpers/users.js';

describe('POST /medic/login', () => {
  let t: TestServer;
  let user: Credentials;

  before(async () => {
    t = await startTestServer();
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

  it('serves a login page', async () => {
    const res = await t.anonymous.get('/medic/login');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  });
});
