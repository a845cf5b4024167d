import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../../test/helpers/eventually.js';
import { logLines } from '../../../test/helpers/log-lines.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import {
  ACCEPT_JSON,
  enableTokenLogin,
  followToken,
  readSettings,
  readUser,
  TOKEN_SETTINGS,
  tokenUser,
  updateSettings,
} from '../users/users.test-helper.js';

let t: TestServer;
/** The server's log lines (the request log included). */
const { stream, lines } = logLines();

before(async () => {
  t = await startTestServer({ env: { LOG_LEVEL: 'info' }, logStream: stream });
  await enableTokenLogin(t);
});
after(() => t.stop());

const follow = (token: string, headers?: Record<string, string>) => followToken(t, token, headers);

describe('the login link', () => {
  it('GET shows a page that posts to the same URL', async () => {
    const res = await t.anonymous.get('/medic/login/token/anything');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /method: 'POST'/);
  });

  it('logs in once: 302 with the path as body, session cookies, the token marked used; then invalid', async () => {
    const { name, token } = await tokenUser(t);
    const res = await follow(token);
    assert.equal(res.status, 302);
    assert.equal(res.text, '/');
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('AuthSession='));
    assert.match(session ?? '', /Expires=/);
    assert.ok(cookies.some((c) => c.startsWith('userCtx=')));
    assert.ok(cookies.some((c) => c.startsWith('locale=en')));
    const me = await t.anonymous.get('/_session', { headers: { cookie: (session as string).split(';')[0] as string } });
    assert.equal(me.json().userCtx.name, name);
    const user = await readUser(t, name);
    assert.equal(user?.token_login.active, false);
    assert.equal(typeof user?.token_login.login_date, 'number');
    assert.equal((await readSettings(t, name))?.token_login.active, false);
    assert.deepEqual((await follow(token)).json(), { error: 'invalid' });
    assert.equal((await follow(token)).status, 401);
  });

  it('a caller with a valid session is sent on (302) without using the token', async () => {
    const { name, token } = await tokenUser(t);
    const res = await t.anonymous.post(`/medic/login/token/${token}?redirect=${encodeURIComponent('/#/tasks')}`, { auth: t.admin, json: {} });
    assert.equal(res.status, 302);
    assert.equal(res.text, '/#/tasks');
    assert.equal((await readUser(t, name))?.token_login.active, true);
  });

  it('one link followed 5 times at once: exactly one login (302), the others 401 invalid', async () => {
    const { name, token } = await tokenUser(t);
    const answers = await Promise.all(Array.from({ length: 5 }, () => follow(token)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [302, 401, 401, 401, 401]);
    for (const refused of answers.filter((a) => a.status === 401)) assert.deepEqual(refused.json(), { error: 'invalid' });
    assert.equal((await readUser(t, name))?.token_login.active, false);
  });

  it('redirects stay on this origin: control characters, backslashes and other origins go to /', async () => {
    const { token } = await tokenUser(t);
    for (const redirect of ['/\t/evil.example', '/\n/evil.example', '/\\evil.example', '//evil.example', 'https://evil.example/']) {
      const res = await t.anonymous.post(`/medic/login/token/${token}?redirect=${encodeURIComponent(redirect)}`, { auth: t.admin, json: {} });
      assert.deepEqual([res.status, res.text], [302, '/'], JSON.stringify(redirect));
    }
  });

  it('the path is case-sensitive: /medic/LOGIN/token/<token> is no token login, and the token is not logged', async () => {
    const { name, token } = await tokenUser(t);
    const res = await t.anonymous.post(`/medic/LOGIN/token/${token}`, { json: {}, headers: ACCEPT_JSON });
    assert.notEqual(res.status, 302);
    assert.ok(!res.headers.getSetCookie().some((c) => c.startsWith('AuthSession=')), 'no session');
    assert.equal((await readUser(t, name))?.token_login.active, true, 'the token is unused');
    const id = res.headers.get('x-request-id') as string;
    await eventually(() => assert.ok(lines.some((l) => l.includes(id)), 'the request was logged'));
    assert.ok(!lines.join('\n').includes(token), 'no token in the log');
  });

  it('refusals: unknown (401 invalid), expired (401), missing (400), disabled (400), SSO users (401)', async () => {
    assert.deepEqual((await follow('x'.repeat(64))).json(), { error: 'invalid' });
    const { name, token } = await tokenUser(t);
    const user = (await t.couch.get(`/_users/org.couchdb.user:${name}`)).json();
    await t.couch.put(`/_users/org.couchdb.user:${name}`, { json: { ...user, token_login: { ...user.token_login, expiration_date: Date.now() - 1 } } });
    const expired = await follow(token);
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.json(), { error: 'expired' });
    const missing = await t.anonymous.post('/medic/login/token', { json: {}, headers: ACCEPT_JSON });
    assert.deepEqual([missing.status, missing.json()], [400, { error: 'missing', reason: 'Missing required param' }]);

    const sso = await tokenUser(t);
    const ssoDoc = (await t.couch.get(`/_users/org.couchdb.user:${sso.name}`)).json();
    await t.couch.put(`/_users/org.couchdb.user:${sso.name}`, { json: { ...ssoDoc, oidc_username: `${sso.name}@idp` } });
    await updateSettings(t, { oidc_provider: { client_id: 'cht' } });
    try {
      assert.deepEqual((await follow(sso.token)).json(), { error: 'Token login not allowed for SSO users' });
    } finally {
      await updateSettings(t, { oidc_provider: null });
    }
    await updateSettings(t, { token_login: { enabled: false } });
    try {
      const disabled = await follow(sso.token);
      assert.deepEqual([disabled.status, disabled.json()], [400, { error: 'disabled', reason: 'Token login disabled' }]);
    } finally {
      await updateSettings(t, TOKEN_SETTINGS);
    }
  });
});
