import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basicAuth, type Credentials } from '../../../test/helpers/http-client.js';
import { logLines as captureLogs } from '../../../test/helpers/log-lines.js';
import type { TestServer } from '../../../test/helpers/test-server.js';
import { ACCEPT_JSON, keyed, plainUser, readSettings, readUser, startUsersServer, uniqueName } from './users.test-helper.js';

let t: TestServer;
const { stream, lines: logLines } = captureLogs();

before(async () => {
  t = await startUsersServer({ env: { LOG_LEVEL: 'info' }, logStream: stream });
});
after(() => t.stop());

const update = (name: string, json: unknown, auth?: Credentials | false, headers: Record<string, string> = {}) =>
  t.anonymous.post(`/api/v1/users/${name}`, { json, auth: auth === undefined ? t.admin : auth, headers: { ...ACCEPT_JSON, ...headers } });

/** A session cookie for credentials (POST /_session). */
async function cookieOf(creds: Credentials): Promise<string> {
  const res = await t.anonymous.post('/_session', { json: { name: creds.user, password: creds.password } });
  assert.equal(res.status, 200, res.text);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}



describe('POST /api/v1/users/{username}: who may update', () => {
  it('checks Content-Type and an empty body before authentication', async () => {
    const name = uniqueName();
    const wrongType = await t.anonymous.post(`/api/v1/users/${name}`, { body: '{"fullname":"x"}', headers: { 'content-type': 'text/plain', ...ACCEPT_JSON } });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.json().error, 'Content-Type must be application/json');
    const empty = await update(name, {}, false);
    assert.deepEqual(empty.json(), { code: 400, error: 'Request body is empty or Content-Type header was not set to application/json.' });
    assert.equal((await update(name, { fullname: 'x' }, false)).status, 401);
  });

  it('a Basic header is always checked: wrong credentials are a 401 even beside a valid admin cookie', async () => {
    const target = await plainUser(t);
    const cookie = await cookieOf(t.admin);
    const res = await update(target.user, { fullname: 'X' }, false, { cookie, authorization: basicAuth({ user: t.admin.user, password: 'wrong-Password-1' }) });
    assert.equal(res.status, 401);
    assert.equal(res.text, '{"code":401,"error":"unauthorized"}');
    const ok = await update(target.user, { fullname: 'By cookie' }, false, { cookie });
    assert.equal(ok.status, 200, ok.text);
  });

  it('a valid cookie decides the session even beside another user\'s valid Basic credentials (CouchDB: cookie handler first)', async () => {
    const [e1, e2] = [await plainUser(t), await plainUser(t)];
    const cookie = await cookieOf(e1);
    const session = await t.anonymous.get('/_session', { auth: e2, headers: { cookie, ...ACCEPT_JSON } });
    assert.equal(session.status, 200, session.text);
    assert.equal(session.json().userCtx.name, e1.user);
    const res = await update(e2.user, { fullname: 'y' }, e2, { cookie });
    assert.equal(res.status, 403, res.text);
    assert.deepEqual(res.json(), { code: 403, error: 'You do not have permissions to modify this person' });
    assert.equal((await readSettings(t, e2.user))?.fullname, undefined);
    // a cookie CouchDB does not accept (well-formed, not signed by it) falls through to Basic
    const forged = `AuthSession=${Buffer.from(`${e1.user}:7FFFFFFF:forgedsignature`).toString('base64url')}`;
    const stale = await update(e2.user, { fullname: 'y' }, e2, { cookie: forged });
    assert.equal(stale.status, 200, stale.text);
  });

  it('full access may update anyone; others only themselves (403)', async () => {
    const [a, b] = [await plainUser(t), await plainUser(t)];
    const byAdmin = await update(a.user, { fullname: 'Set by admin', known: true });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.deepEqual(Object.keys(byAdmin.json()), ['user', 'user-settings']);
    const other = await update(b.user, { fullname: 'Not mine' }, a);
    assert.equal(other.status, 403);
    assert.deepEqual(other.json(), { code: 403, error: 'You do not have permissions to modify this person' });
    const self = await update(a.user, { fullname: 'Mine', email: 'a@example.org', phone: '+254712000002', known: false, language: 'fr' }, a);
    assert.equal(self.status, 200, self.text);
    const settings = await readSettings(t, a.user);
    assert.equal(settings?.fullname, 'Mine');
    assert.equal(settings?.language, 'fr');
    assert.equal((await readUser(t, a.user))?.known, false);
  });

  it('a self-update touching other fields is a 401 (the message is lost, as in the reference)', async () => {
    const a = await plainUser(t);
    for (const body of [{ roles: ['national_admin'] }, { fullname: 'x', place: 'hc1' }, { type: 'national_admin' }, { contact: 'p1' }]) {
      const res = await update(a.user, body, a);
      assert.equal(res.status, 401, JSON.stringify(body));
      assert.equal(res.text, '{"code":401,"error":"unauthorized"}');
    }
    assert.deepEqual((await readUser(t, a.user))?.roles, ['data_entry', 'mm-online']);
  });

  it('a self password change needs Basic auth; it works at once and clears password_change_required', async () => {
    const a = await plainUser(t);
    const cookie = await cookieOf(a);
    for (const password of ['New-secret-77', null]) {
      const res = await update(a.user, { password }, false, { cookie });
      assert.equal(res.status, 403);
      assert.deepEqual(res.json(), { code: 403, error: 'You must authenticate with Basic Auth to modify your password' });
    }
    const weak = await update(a.user, { password: 'password' }, a);
    assert.deepEqual(weak.json().error, keyed('The password is too easy to guess. Include a range of types of characters to increase the score.', 'password.weak'));
    const res = await update(a.user, { password: 'New-secret-77' }, a);
    assert.equal(res.status, 200, res.text);
    assert.equal((await readUser(t, a.user))?.password_change_required, false);
    assert.equal((await t.anonymous.get(`/api/v2/users/${a.user}`, { auth: a, headers: ACCEPT_JSON })).status, 401, 'the old password is refused at once');
    assert.equal((await t.anonymous.get(`/api/v2/users/${a.user}`, { auth: { user: a.user, password: 'New-secret-77' }, headers: ACCEPT_JSON })).status, 200);
  });

  it('writes the info log line without values', async () => {
    const a = await plainUser(t);
    logLines.length = 0;
    const res = await update(a.user, { fullname: 'Logged Name', password: 'Logged-secret-9' });
    assert.equal(res.status, 200);
    const requestId = res.headers.get('x-request-id');
    const messages = logLines.map((l) => JSON.parse(l).msg as string);
    assert.ok(messages.includes(`REQ ${requestId} - Updated user '${a.user}'. Setting field(s) 'fullname,password'. Requested by '${t.admin.user}'.`), messages.join('\n'));
    assert.ok(!logLines.join('\n').includes('Logged-secret-9'));
  });
});
