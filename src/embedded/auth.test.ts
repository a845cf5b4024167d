import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, basic, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
before(async () => {
  t = await startTestCouch();
});
after(() => t.close());

describe('require_valid_user', () => {
  it('answers 401 "Authentication required." to anonymous requests', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/_all_dbs'], ['GET', '/_session'], ['GET', '/_users'], ['GET', '/_uuids']]) {
      const r = await t.call(method as string, path as string, { auth: null });
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.deepEqual(r.body, { error: 'unauthorized', reason: 'Authentication required.' });
    }
  });

  it('lets GET /_up through anonymously', async () => {
    const r = await t.call('GET', '/_up', { auth: null });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok', seeds: {} });
  });

  it('refuses anonymous PUT /db and DELETE /db, and the process keeps serving', async () => {
    assert.equal((await t.call('PUT', '/anything', { auth: null })).status, 401);
    assert.equal((await t.call('DELETE', '/_users', { auth: null })).status, 401);
    assert.equal((await t.call('GET', '/_up', { auth: null })).status, 200);
  });

  it('answers 401 "Name or password is incorrect." to wrong Basic credentials', async () => {
    const r = await t.call('GET', '/', { auth: basic(ADMIN.name, 'wrong') });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { error: 'unauthorized', reason: 'Name or password is incorrect.' });
  });
});

describe('POST /_session', () => {
  it('logs in with JSON and sets the CouchDB 3.4 cookie (Version, Expires, Max-Age, Path, HttpOnly)', async () => {
    const r = await t.call('POST', '/_session', { auth: null, body: { name: ADMIN.name, password: ADMIN.password } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ok: true, name: 'admin', roles: ['_admin'] });
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^AuthSession=[A-Za-z0-9_-]+; Version=1; Expires=\w{3}, \d{2}-\w{3}-\d{4} \d{2}:\d{2}:\d{2} GMT; Max-Age=600; Path=\/; HttpOnly$/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '');
    assert.ok(Math.abs(expires - (Date.now() + 600_000)) < 5000, 'Expires is 600 s ahead');
  });

  it('logs in with a form body, and the cookie authenticates later requests', async () => {
    const r = await t.call('POST', '/_session', {
      auth: null,
      body: 'name=admin&password=pass',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 200);
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const s = await t.call('GET', '/_session', { auth: null, headers: { cookie } });
    assert.deepEqual(s.body, {
      ok: true,
      userCtx: { name: 'admin', roles: ['_admin'] },
      info: { authentication_handlers: ['cookie', 'default'], authenticated: 'cookie' },
    });
    assert.equal((await t.call('GET', '/_all_dbs', { auth: null, headers: { cookie } })).status, 200);
  });

  it('refuses a wrong password with 401', async () => {
    const r = await t.call('POST', '/_session', { auth: null, body: { name: 'admin', password: 'nope' } });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { error: 'unauthorized', reason: 'Name or password is incorrect.' });
  });

  /** Logs in as the admin with `?next=` (sent encoded) and returns the answer as it is, a redirect not followed. */
  const loginWithNext = (next: string) =>
    t.call('POST', `/_session?next=${encodeURIComponent(next)}`, { auth: null, body: { name: ADMIN.name, password: ADMIN.password }, redirect: 'manual' });

  it('redirects to ?next= when it is a path of this server', async () => {
    const r = await loginWithNext('/medic/_design/medic/_rewrite?x=1');
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), '/medic/_design/medic/_rewrite?x=1');
    assert.match(r.headers.get('set-cookie') ?? '', /^AuthSession=/);
  });

  it('never redirects off-site: backslashes, control characters (browsers drop them) and other hosts get the JSON answer', async () => {
    const offSite = ['/\\evil.example', '/\\/evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\u0000/evil.example', '//evil.example/', 'https://evil.example/'];
    for (const next of offSite) {
      const r = await loginWithNext(next);
      assert.equal(r.status, 200, JSON.stringify(next));
      assert.equal(r.headers.get('location'), null, JSON.stringify(next));
      assert.deepEqual(r.body, { ok: true, name: 'admin', roles: ['_admin'] }, JSON.stringify(next));
      assert.match(r.headers.get('set-cookie') ?? '', /^AuthSession=/);
    }
  });

  it('rejects a forged or tampered cookie', async () => {
    const forged = Buffer.from('admin:7FFFFFFF:forgedsignature').toString('base64url');
    const r = await t.call('GET', '/_session', { auth: null, headers: { cookie: `AuthSession=${forged}` } });
    assert.equal(r.status, 401);
  });
});

describe('GET /_session and DELETE /_session', () => {
  it('describes a Basic-authenticated user with authenticated "default"', async () => {
    const auth = await t.createUser('sally', 'secret', ['chw']);
    const r = await t.call('GET', '/_session', { auth });
    assert.deepEqual(r.body, {
      ok: true,
      userCtx: { name: 'sally', roles: ['chw'] },
      info: { authentication_handlers: ['cookie', 'default'], authenticated: 'default' },
    });
  });

  it('logs a _users user in with a cookie', async () => {
    await t.createUser('tom', 'tompass', ['r']);
    const r = await t.call('POST', '/_session', { auth: null, body: { name: 'tom', password: 'tompass' } });
    assert.deepEqual(r.body, { ok: true, name: 'tom', roles: ['r'] });
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const s = (await t.call('GET', '/_session', { auth: null, headers: { cookie } })).body as { userCtx: unknown };
    assert.deepEqual(s.userCtx, { name: 'tom', roles: ['r'] });
  });

  it('cookie first, as CouchDB runs its handlers: a valid cookie decides over any Basic header; a rejected one falls through to Basic', async () => {
    const sally = await t.createUser('sally2', 'secret', ['chw']);
    await t.createUser('tom2', 'tompass', ['r']);
    const login = await t.call('POST', '/_session', { auth: null, body: { name: 'tom2', password: 'tompass' } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    for (const auth of [sally, basic('sally2', 'wrong')]) {
      const r = await t.call('GET', '/_session', { auth, headers: { cookie } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { ok: true, userCtx: { name: 'tom2', roles: ['r'] }, info: { authentication_handlers: ['cookie', 'default'], authenticated: 'cookie' } });
    }
    // well-formed but not signed by this server: CouchDB's cookie handler passes it on to the Basic one
    const forged = `AuthSession=${Buffer.from('tom2:7FFFFFFF:forgedsignature').toString('base64url')}`;
    const r = await t.call('GET', '/_session', { auth: sally, headers: { cookie: forged } });
    assert.deepEqual((r.body as { userCtx: unknown }).userCtx, { name: 'sally2', roles: ['chw'] });
  });

  it('DELETE /_session clears the cookie, even without a session', async () => {
    const r = await t.call('DELETE', '/_session', { auth: null });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ok: true });
    assert.match(r.headers.get('set-cookie') ?? '', /^AuthSession=;/);
  });
});

describe('/_node/_local/_config', () => {
  it('serves the same cookie secret at chttpd_auth/secret and couch_httpd_auth/secret', async () => {
    const a = await t.call('GET', '/_node/_local/_config/chttpd_auth/secret');
    const b = await t.call('GET', '/_node/_local/_config/couch_httpd_auth/secret');
    assert.equal(a.status, 200);
    assert.equal(typeof a.body, 'string');
    assert.ok((a.body as string).length >= 32);
    assert.equal(a.body, b.body);
  });

  it('accepts CouchDB node names other than _local', async () => {
    const r = await t.call('GET', '/_node/nonode@nohost/_config/chttpd_auth/secret');
    assert.equal(r.status, 200);
  });

  it('lists admins hashed, and a PUT admin can log in', async () => {
    const list = (await t.call('GET', '/_node/_local/_config/admins')).body as Record<string, string>;
    assert.match(list.admin ?? '', /^-pbkdf2-[0-9a-f]+,[0-9a-f]+,\d+$/);
    const put = await t.call('PUT', '/_node/_local/_config/admins/ops', { body: '"opspass"' });
    assert.equal(put.status, 200);
    const s = (await t.call('GET', '/_session', { auth: basic('ops', 'opspass') })).body as { userCtx: unknown };
    assert.deepEqual(s.userCtx, { name: 'ops', roles: ['_admin'] });
  });

  it('refuses the config to non-admins', async () => {
    const auth = await t.createUser('nosy', 'pw');
    const r = await t.call('GET', '/_node/_local/_config/chttpd_auth/secret', { auth });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { error: 'unauthorized', reason: 'You are not a server admin.' });
  });
});

describe('nano (the API client) against the embedded store', () => {
  it('keeps the AuthSession cookie from nano.auth() and sees the user in nano.session()', async () => {
    const { default: Nano } = await import('nano');
    const nano = Nano({ url: t.url });
    await nano.auth(ADMIN.name, ADMIN.password);
    const session = await nano.session();
    assert.equal(session.userCtx.name, 'admin');
    assert.equal(session.info.authenticated, 'cookie');
  });
});
