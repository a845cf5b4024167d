import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basicAuth, rawRequest, type Credentials } from './helpers/http-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { createOfflineUser, createOnlineUser, uniqueName } from './helpers/users.js';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

describe('authentication and the 401 shapes', () => {
  let t: TestServer;
  let online: Credentials;
  let offline: Credentials;

  before(async () => {
    t = await startTestServer();
    online = await createOnlineUser(t);
    offline = await createOfflineUser(t);
  });
  after(() => t.stop());

  it('accepts Basic auth', async () => {
    const res = await t.api.get('/api/deploy-info', { headers: { accept: 'application/json' } });
    assert.equal(res.status, 200);
    assert.equal(typeof res.json().version, 'string');
  });

  it('logs in with POST /_session and then accepts the AuthSession cookie (with Expires, for cht-conf)', async () => {
    const login = await t.anonymous.post('/_session', { json: { name: online.user, password: online.password } });
    assert.equal(login.status, 200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^AuthSession=[^;]+;/);
    assert.match(setCookie, /Expires=/i);
    const cookie = setCookie.split(';')[0] as string;
    const res = await t.anonymous.get('/api/deploy-info', { headers: { cookie, accept: 'application/json' } });
    assert.equal(res.status, 200);
    const session = await t.anonymous.get('/_session', { headers: { cookie } });
    assert.equal(session.json().userCtx.name, online.user);
  });

  it('answers JSON clients without credentials with {"code":401,"error":"unauthorized"}', async () => {
    const res = await t.anonymous.get('/api/deploy-info', { headers: { accept: 'application/json' } });
    assert.equal(res.status, 401);
    assert.equal(res.text, '{"code":401,"error":"unauthorized"}');
    assert.equal(res.headers.get('logout-authorization'), 'CHT-Core API');
  });

  it('redirects browsers to the login page with a login=force cookie', async () => {
    const res = await t.anonymous.get('/api/deploy-info?x=1', { headers: { 'user-agent': BROWSER_UA, accept: 'text/html' } });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `/${t.dbName}/login?redirect=${encodeURIComponent('/api/deploy-info?x=1')}`);
    assert.match(res.headers.get('set-cookie') ?? '', /login=force/);
    assert.equal(res.headers.get('logout-authorization'), 'CHT-Core API');
  });

  it('answers clients without a User-Agent with the Basic prompt in text', async () => {
    const res = await rawRequest(t.url, 'GET', '/api/deploy-info', {});
    assert.equal(res.status, 401);
    assert.equal(res.text, 'not logged in');
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(res.headers['www-authenticate'], 'Basic realm="Medic Web Services"');
    assert.equal(res.headers['logout-authorization'], 'CHT-Core API');
  });

  it('answers scripts (a non-browser User-Agent) with the text prompt, not a redirect', async () => {
    const res = await rawRequest(t.url, 'GET', '/api/deploy-info', { 'user-agent': 'curl/8.5.0', accept: '*/*' });
    assert.equal(res.status, 401);
    assert.equal(res.text, 'not logged in');
  });

  it('uses the prompt variant for the settings endpoints whatever the client accepts', async () => {
    const res = await t.anonymous.get('/api/v1/settings', { headers: { accept: 'application/json', 'user-agent': BROWSER_UA } });
    assert.equal(res.status, 401);
    assert.equal(res.text, 'not logged in');
    assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Medic Web Services"');
  });

  it('refuses a wrong password with 401', async () => {
    const res = await t.anonymous.get('/api/deploy-info', {
      auth: { user: online.user, password: 'wrong-password' },
      headers: { accept: 'application/json' },
    });
    assert.equal(res.status, 401);
    assert.equal(res.text, '{"code":401,"error":"unauthorized"}');
  });

  it('keeps offline users out of raw CouchDB paths with a JSON 403, whatever Accept says', async () => {
    const res = await t.anonymous.get(`/${t.dbName}/`, { auth: offline, headers: { accept: 'text/plain' } });
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"code":403,"error":"forbidden","details":"Offline users are not allowed access to this endpoint"}');
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  });

  it('lets offline users reach /_session and the /api routes', async () => {
    const session = await t.anonymous.get('/_session', { auth: offline });
    assert.equal(session.status, 200);
    assert.equal(session.json().userCtx.name, offline.user);
    const settings = await t.anonymous.get('/api/v1/settings', { auth: offline });
    assert.equal(settings.status, 200);
  });

  it('lets online users through to CouchDB with their own credentials', async () => {
    const res = await t.anonymous.get(`/${t.dbName}/settings`, { auth: online });
    assert.equal(res.status, 200);
    assert.equal(res.json()._id, 'settings');
    const users = await t.anonymous.get('/_all_dbs', { auth: online });
    assert.equal(users.status, 401, 'CouchDB itself still refuses server-admin paths to non-admins');
  });

  it('refuses with 429 once 10 failed logins came from one client within 10 s', async () => {
    const ip = '192.0.2.77';
    const bad = { user: uniqueName('nobody'), password: 'not-the-password' };
    for (let i = 0; i < 10; i++) {
      const res = await t.anonymous.get('/api/deploy-info', { auth: bad, ip, headers: { accept: 'application/json' } });
      assert.equal(res.status, 401);
    }
    const limited = await t.anonymous.get('/api/deploy-info', { auth: online, ip, headers: { accept: 'application/json' } });
    assert.equal(limited.status, 429);
    assert.equal(limited.text, '{"code":429,"error":"Too Many Requests"}');
    const otherClient = await t.anonymous.get('/api/deploy-info', {
      headers: { authorization: basicAuth(t.admin), accept: 'application/json' },
    });
    assert.equal(otherClient.status, 200, 'other clients and users are not affected');
  });
});
