import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from './helpers/http-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { createOfflineUser, createOnlineUser, uniqueName } from './helpers/users.js';

const JSON_ACCEPT = { accept: 'application/json' };

/** Regressions found by fuzzing the HTTP surface: none of these may crash the process or answer 500. */
describe('fuzzing findings', () => {
  let t: TestServer;
  let online: Credentials;

  before(async () => {
    t = await startTestServer();
    online = await createOnlineUser(t);
  });
  after(() => t.stop());

  it('survives a body CouchDB refuses without reading it, and counts that 401 as a failed attempt', async () => {
    // the socket is detached when 'finish' fires, so a handler reading `req.ip` then threw out of the event loop
    const uncaught: unknown[] = [];
    const record = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', record);
    try {
      const caller = await createOnlineUser(t); // its own user: its keys get spent
      const ip = '192.0.2.91';
      for (let i = 0; i < 10; i++) {
        const res = await t.anonymous.put(`/${uniqueName('newdb')}`, { auth: caller, ip, json: {}, headers: JSON_ACCEPT });
        assert.equal(res.status, 401, res.text);
      }
      const limited = await t.anonymous.get('/api/deploy-info', { auth: caller, ip, headers: JSON_ACCEPT });
      assert.equal(limited.status, 429, 'the refusals were counted');
      assert.equal((await t.api.get('/api/deploy-info', { headers: JSON_ACCEPT })).status, 200, 'the server still answers');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(uncaught, []);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  describe('large bodies before authentication', () => {
    const TWO_MIB = 2 * 1024 * 1024;

    it('answers an anonymous 2 MiB body with 401 without parsing it', async () => {
      const invalid = `{"name":${'x'.repeat(TWO_MIB)}}`; // parsed, it would be a 400
      const res = await t.anonymous.post('/api/v1/people', { body: invalid, headers: { 'content-type': 'application/json', ...JSON_ACCEPT } });
      assert.equal(res.status, 401);
      assert.equal(res.text, '{"code":401,"error":"unauthorized"}');
      assert.equal(res.headers.get('logout-authorization'), 'CHT-Core API');
    });

    it('still checks the Content-Type first', async () => {
      const res = await t.anonymous.post('/api/v1/people', { body: 'x'.repeat(TWO_MIB), headers: { 'content-type': 'text/plain', ...JSON_ACCEPT } });
      assert.equal(res.status, 400);
      assert.equal(res.json().error, 'Content-Type must be application/json');
    });

    it('parses a 2 MiB body of a logged-in caller', async () => {
      const notes = 'n'.repeat(TWO_MIB);
      const res = await t.api.post('/api/v1/people', { json: { name: 'Big Notes', type: 'person', notes }, headers: JSON_ACCEPT });
      assert.equal(res.status, 200, res.text);
      const stored = await t.couch.get(`/${t.dbName}/${res.json().id}`);
      assert.equal(stored.json().notes, notes);
    });
  });

  it('answers ids too long for the database with 400, not 500', async () => {
    const person = await t.api.post('/api/v1/people', { json: { name: 'Someone', type: 'person', place: 'p'.repeat(17_000) }, headers: JSON_ACCEPT });
    assert.equal(person.status, 400, person.text);
    const user = await t.api.post('/api/v1/users', {
      json: { username: 'u'.repeat(1_000_000), password: 'Secret-pass-123!', roles: ['chw'], place: 'x', contact: 'y' },
      headers: JSON_ACCEPT,
    });
    assert.equal(user.status, 400, user.text);
  });

  it('keeps answering when roles, permissions, contact_types or forms are stored as null', async () => {
    const original = (await t.api.get('/api/v1/settings', { headers: JSON_ACCEPT })).json();
    const offline = await createOfflineUser(t);
    const calls = (client: TestServer['api']) => [
      ['GET /api/v1/person', () => client.get('/api/v1/person?type=person', { headers: JSON_ACCEPT })],
      ['POST /api/v1/places', () => client.post('/api/v1/places', { json: { name: 'Place', type: 'district_hospital' }, headers: JSON_ACCEPT })],
      ['GET /api/v2/users', () => client.get('/api/v2/users', { headers: JSON_ACCEPT })],
      ['POST /api/v2/records', () => client.post('/api/v2/records', { json: { _meta: { form: 'V', from: '+254712345678' } }, headers: JSON_ACCEPT })],
      [
        'POST /api/v1/users',
        () => client.post('/api/v1/users', { json: { username: uniqueName('u'), password: 'Secret-pass-123!', roles: ['chw'], place: 'x', contact: 'y' }, headers: JSON_ACCEPT }),
      ],
    ] as const;
    try {
      for (const key of ['roles', 'permissions', 'contact_types', 'forms']) {
        const put = await t.api.put('/api/v1/settings', { json: { [key]: null }, headers: JSON_ACCEPT });
        assert.equal(put.status, 200, `${key}: ${put.text}`);
        for (const [who, client] of [['online', t.api.as(online)], ['offline', t.api.as(offline)], ['admin', t.api]] as const) {
          for (const [name, call] of calls(client)) {
            const res = await call();
            assert.ok(res.status < 500, `${key}: null, ${who} ${name}: ${res.status} ${res.text}`);
          }
        }
        await t.api.put('/api/v1/settings', { json: { [key]: original[key] ?? {} }, headers: JSON_ACCEPT });
      }
      // `roles: null` leaves a non-admin with no configured role, so no permission
      await t.api.put('/api/v1/settings', { json: { roles: null }, headers: JSON_ACCEPT });
      assert.equal((await t.api.as(online).get('/api/v1/person?type=person', { headers: JSON_ACCEPT })).status, 403);
    } finally {
      await t.api.put('/api/v1/settings', { json: { roles: original.roles }, headers: JSON_ACCEPT });
    }
  });

  it('serves the metrics whatever the query string', async () => {
    const text = await t.anonymous.get('/api/v1/express-metrics?anything');
    assert.equal(text.status, 200);
    assert.match(text.text, /^# HELP /m);
    const json = await t.anonymous.get('/api/v1/express-metrics.json?a=1&b');
    assert.equal(json.status, 200);
    assert.ok(Array.isArray(json.json()));
    assert.notEqual((await t.anonymous.get('/api/v1/express-metricsx?anything')).status, 200, 'only that path');
  });
});
