import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { ACCEPT_JSON, readSettings, readUser, saveDocs, uniqueName, updateSettings, type Json } from '../users/users.test-helper.js';

let t: TestServer;
let phoneSeq = 100;
const nextPhone = () => `+2547120${String(phoneSeq++).padStart(5, '0')}`;
const TOKEN_SETTINGS = { token_login: { enabled: true, translation_key: 'login.sms.help' }, app_url: 'https://cht.example.org/' };

before(async () => {
  t = await startTestServer();
  await updateSettings(t, { ...TOKEN_SETTINGS, default_country_code: 254 });
  await saveDocs(t, [{ _id: 'messages-en', type: 'translations', code: 'en', generic: { 'login.sms.help': 'Hello {{fullname}}, tap the next link to log in.' } }]);
});
after(() => t.stop());

const create = (json: unknown) => t.api.post('/api/v1/users', { json, headers: ACCEPT_JSON });
/** Follows a login link the way the page does (through the `/medic` alias). */
const follow = (token: string, headers: Record<string, string> = {}) => t.anonymous.post(`/medic/login/token/${token}`, { json: {}, headers: { ...ACCEPT_JSON, ...headers } });
const tokenOf = async (name: string) => (await readUser(t, name))?.token_login?.token as string | undefined;

/** A token-login user made through the API; returns its name, phone and token. */
async function tokenUser(extra: Json = {}): Promise<{ name: string; phone: string; token: string }> {
  const name = uniqueName();
  const phone = nextPhone();
  const res = await create({ username: name, roles: ['national_admin'], phone: phone.replace('+254', '0'), token_login: true, fullname: 'Tok User', ...extra });
  assert.equal(res.status, 200, res.text);
  return { name, phone, token: (await tokenOf(name)) as string };
}

describe('the login link', () => {
  it('GET shows a page that posts to the same URL', async () => {
    const res = await t.anonymous.get('/medic/login/token/anything');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /method: 'POST'/);
  });

  it('logs in once: 302 with the path as body, session cookies, the token marked used; then invalid', async () => {
    const { name, token } = await tokenUser();
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
    const { name, token } = await tokenUser();
    const res = await t.anonymous.post(`/medic/login/token/${token}?redirect=${encodeURIComponent('/#/tasks')}`, { auth: t.admin, json: {} });
    assert.equal(res.status, 302);
    assert.equal(res.text, '/#/tasks');
    assert.equal((await readUser(t, name))?.token_login.active, true);
  });

  it('refusals: unknown (401 invalid), expired (401), missing (400), disabled (400), SSO users (401)', async () => {
    assert.deepEqual((await follow('x'.repeat(64))).json(), { error: 'invalid' });
    const { name, token } = await tokenUser();
    const user = (await t.couch.get(`/_users/org.couchdb.user:${name}`)).json();
    await t.couch.put(`/_users/org.couchdb.user:${name}`, { json: { ...user, token_login: { ...user.token_login, expiration_date: Date.now() - 1 } } });
    const expired = await follow(token);
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.json(), { error: 'expired' });
    const missing = await t.anonymous.post('/medic/login/token', { json: {}, headers: ACCEPT_JSON });
    assert.deepEqual([missing.status, missing.json()], [400, { error: 'missing', reason: 'Missing required param' }]);

    const sso = await tokenUser();
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
