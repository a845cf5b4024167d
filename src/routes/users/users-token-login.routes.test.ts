import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from '../../../test/helpers/http-client.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser } from '../../../test/helpers/users.js';
import {
  ACCEPT_JSON,
  apiUser,
  enableTokenLogin,
  followToken,
  nextPhone,
  PASSWORD,
  readDoc,
  readSettings,
  readUser,
  TOKEN_SETTINGS,
  tokenOf as storedToken,
  tokenUser as newTokenUser,
  uniqueName,
  updateSettings,
  type Json,
} from './users.test-helper.js';

let t: TestServer;
let gateway: Credentials;

before(async () => {
  t = await startTestServer();
  await enableTokenLogin(t);
  gateway = await createCouchUser(t, ['gateway']);
});
after(() => t.stop());

const create = (json: unknown) => t.api.post('/api/v1/users', { json, headers: ACCEPT_JSON });
const update = (name: string, json: unknown) => t.api.post(`/api/v1/users/${name}`, { json, headers: ACCEPT_JSON });
const follow = (token: string) => followToken(t, token);
const tokenOf = (name: string) => storedToken(t, name);
const tokenUser = () => newTokenUser(t);
const canLogIn = async (name: string, password: string) => (await t.anonymous.get('/_session', { auth: { user: name, password } })).status === 200;

describe('token login on create', () => {
  it('needs a valid phone (plain strings in arrays) and app_url; nothing is written otherwise', async () => {
    const name = uniqueName();
    assert.deepEqual((await create({ username: name, roles: ['national_admin'], token_login: true })).json().error.message, 'Missing required fields: phone');
    const bad = await create({ username: name, roles: ['national_admin'], token_login: true, phone: '12' });
    assert.deepEqual(bad.json(), { code: 400, error: { message: 'A valid phone number is required for SMS login.', translationKey: 'configuration.enable.token.login.phone' } });
    const array = await create([{ username: name, roles: ['national_admin'], token_login: true, phone: '12' }]);
    assert.deepEqual(array.json(), [{ error: 'A valid phone number is required for SMS login.' }]);
    await updateSettings(t, { app_url: '' });
    try {
      const noUrl = await create({ username: name, roles: ['national_admin'], token_login: true, phone: nextPhone() });
      assert.deepEqual(noUrl.json(), { code: 400, error: 'app_url configuration is required for token login' });
    } finally {
      await updateSettings(t, TOKEN_SETTINGS);
    }
    assert.equal(await readUser(t, name), undefined);
  });

  it('true | new: token generated, SMS queued, phone in E.164, random password; the gateway sends both SMS', async () => {
    const started = Date.now();
    const { name, phone, token } = await tokenUser();
    assert.match(token, /^[a-zA-Z0-9.,:!$\-=]{64}$/);
    const user = await readUser(t, name);
    assert.deepEqual(Object.keys(user?.token_login ?? {}).sort(), ['active', 'expiration_date', 'token']);
    assert.equal(user?.token_login.active, true);
    const expiry = user?.token_login.expiration_date as number;
    assert.ok(expiry >= started + 24 * 3600e3 && expiry <= Date.now() + 24 * 3600e3);
    assert.equal(user?.password_change_required, false);
    const settings = await readSettings(t, name);
    assert.deepEqual(settings?.token_login, { active: true, expiration_date: expiry });
    assert.equal(settings?.phone, phone);

    const doc = await readDoc(t, `token:login:${token}`);
    assert.equal(doc?.type, 'token_login');
    assert.equal(doc?.user, `org.couchdb.user:${name}`);
    const messages = (doc?.tasks as Json[]).map((task) => {
      assert.equal(task.state, 'pending');
      assert.equal(task.state_history[0].state, 'pending');
      assert.match(task.messages[0].uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(task.messages[0].to, phone);
      return task.messages[0].message;
    });
    assert.deepEqual(messages, ['Hello Tok User, tap the next link to log in.', `https://cht.example.org/medic/login/token/${token}`]);

    const poll = await t.anonymous.post('/api/sms', { auth: gateway, json: {}, headers: ACCEPT_JSON });
    const sent = (poll.json().messages as Json[]).filter((m) => m.to === phone).map((m) => m.content);
    assert.deepEqual(sent.sort(), [...messages].sort());
  });

  it('undefined | new and false | new: no token, the password is used', async () => {
    for (const tokenLogin of [undefined, false]) {
      const name = await apiUser(t, { roles: ['national_admin'], token_login: tokenLogin });
      assert.equal((await readUser(t, name))?.token_login, undefined);
      assert.equal((await readSettings(t, name))?.token_login, undefined);
      assert.ok(await canLogIn(name, PASSWORD));
    }
  });
});

describe('token login on update (the table of the API documentation)', () => {
  it('undefined | existent: nothing changes, with or without a token', async () => {
    const plain = await apiUser(t, { roles: ['national_admin'] });
    assert.equal((await update(plain, { fullname: 'Renamed' })).status, 200);
    assert.equal((await readUser(t, plain))?.token_login, undefined);
    const { name, token } = await tokenUser();
    assert.equal((await update(name, { fullname: 'Renamed' })).status, 200);
    assert.equal(await tokenOf(name), token, 'token unchanged');
  });

  it('false | existent, no token: nothing changes', async () => {
    const name = await apiUser(t, { roles: ['national_admin'] });
    assert.equal((await update(name, { token_login: false, fullname: 'Still password' })).status, 200);
    assert.ok(await canLogIn(name, PASSWORD));
  });

  it('true | existent, no token: password reset (sessions end), token generated, SMS sent', async () => {
    const name = await apiUser(t, { roles: ['national_admin'], phone: nextPhone() });
    const login = await t.anonymous.post('/_session', { json: { name, password: PASSWORD } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const res = await update(name, { token_login: true });
    assert.equal(res.status, 200, res.text);
    assert.equal(typeof res.json().token_login.expiration_date, 'number');
    assert.equal(await canLogIn(name, PASSWORD), false);
    assert.equal((await t.anonymous.get('/_session', { headers: { cookie } })).json().userCtx?.name ?? null, null, 'the old session is invalid');
    assert.ok(await readDoc(t, `token:login:${await tokenOf(name)}`));
  });

  it('true | existent, with token: a new token; the old one is invalid and its pending SMS cleared', async () => {
    const { name, token: old } = await tokenUser();
    assert.equal((await update(name, { token_login: true })).status, 200);
    const fresh = await tokenOf(name);
    assert.notEqual(fresh, old);
    const oldDoc = await readDoc(t, `token:login:${old}`);
    assert.deepEqual((oldDoc?.tasks as Json[]).map((task) => [task.state, task.state_history.map((h: Json) => h.state)]), [
      ['cleared', ['pending', 'cleared']],
      ['cleared', ['pending', 'cleared']],
    ]);
    assert.deepEqual((await follow(old)).json(), { error: 'invalid' });
    assert.equal((await follow(fresh as string)).status, 302);
  });

  it('false | existent, with token: a password is required; then token login is off and the old link invalid', async () => {
    const { name, token } = await tokenUser();
    const refused = await update(name, { token_login: false });
    assert.deepEqual(refused.json(), { code: 400, error: { message: 'Password is required when disabling token login.', translationKey: 'password.length.minimum' } });
    assert.equal((await update(name, { token_login: false, password: 'Back-to-pass-1' })).status, 200);
    assert.equal((await readUser(t, name))?.token_login, undefined);
    assert.equal((await readSettings(t, name))?.token_login, undefined);
    assert.equal(((await readDoc(t, `token:login:${token}`))?.tasks as Json[])[0]?.state, 'cleared');
    assert.deepEqual((await follow(token)).json(), { error: 'invalid' });
    assert.ok(await canLogIn(name, 'Back-to-pass-1'));
  });

  it('enabling needs a valid phone on the merged settings', async () => {
    const name = await apiUser(t, { roles: ['national_admin'] });
    assert.deepEqual((await update(name, { token_login: true })).json().error, { message: 'A valid phone number is required for SMS login.', translationKey: 'configuration.enable.token.login.phone' });
    assert.equal((await update(name, { token_login: true, phone: nextPhone() })).status, 200);
  });
});
