import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { logLines } from '../../../test/helpers/log-lines.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createOfflineUser, createOnlineUser } from '../../../test/helpers/users.js';
import { decryptCredential } from '../../services/credentials/vault-cipher.js';

const TEXT = { 'content-type': 'text/plain', accept: 'application/json' };
const SECRET = 'S3cret-value-that-must-never-be-logged';

describe('PUT /api/v1/credentials/{key}', () => {
  let t: TestServer;
  const { stream, lines } = logLines();
  const logs = () => lines.join('\n');

  before(async () => {
    t = await startTestServer({ logStream: stream, env: { LOG_LEVEL: 'trace' } });
  });
  after(() => t.stop());

  const vaultDoc = async (key: string) => (await t.couch.get(`/${t.dbName}-vault/${encodeURIComponent(`credential:${encodeURIComponent(key)}`)}`)).json();
  const couchSecret = async () => {
    const res = await t.couch.get('/_node/_local/_config/chttpd_auth/secret');
    return res.status === 200 ? (res.json() as string) : ((await t.couch.get('/_node/_local/_config/couch_httpd_auth/secret')).json() as string);
  };

  it('stores the text body encrypted with the CouchDB secret, and replaces it', async () => {
    const res = await t.api.put('/api/v1/credentials/rapidpro:outgoing', { body: SECRET, headers: TEXT });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { ok: true });
    const doc = await vaultDoc('rapidpro:outgoing');
    assert.equal(doc._id, 'credential:rapidpro%3Aoutgoing');
    assert.match(doc.password, /^[0-9a-f]{32}:[0-9a-f]+$/);
    assert.equal(decryptCredential(await couchSecret(), doc.password), SECRET);

    await t.api.put('/api/v1/credentials/rapidpro:outgoing', { body: 'second', headers: { 'content-type': 'application/xml' } });
    const replaced = await vaultDoc('rapidpro:outgoing');
    assert.notEqual(replaced._rev, doc._rev);
    assert.equal(await t.server.services.messaging.credentials.get('rapidpro:outgoing'), 'second');
  });

  it('needs a text body, checked before the admin check', async () => {
    const online = await createOnlineUser(t);
    for (const [auth, headers, body] of [
      [undefined, TEXT, ''],
      [undefined, { 'content-type': 'application/json', accept: 'application/json' }, '"x"'],
      [online, TEXT, ''],
    ] as const) {
      const res = await t.api.put('/api/v1/credentials/k', { auth, headers, body });
      assert.equal(res.status, 400);
      assert.equal(res.text, '{"code":400,"error":"Missing required request body"}');
    }
  });

  it('is for DB admins only: 403 Insufficient permissions, the firewall for offline users, 401 when anonymous', async () => {
    const online = await createOnlineUser(t);
    const res = await t.anonymous.put('/api/v1/credentials/k', { auth: online, body: 'x', headers: TEXT });
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"code":403,"error":"Insufficient permissions"}');
    const offline = await createOfflineUser(t);
    const fw = await t.anonymous.put('/api/v1/credentials/k', { auth: offline, body: 'x', headers: { 'content-type': 'text/plain' } });
    assert.equal(fw.status, 403);
    assert.deepEqual(fw.json(), { code: 403, error: 'forbidden', details: 'Offline users are not allowed access to this endpoint' });
    const anonymous = await t.anonymous.put('/api/v1/credentials/k', { body: 'x', headers: TEXT });
    assert.equal(anonymous.status, 401);
    assert.equal((await t.couch.get(`/${t.dbName}-vault/credential:k`)).status, 404);
  });

  it('never writes the secret to a log line or a response', () => {
    assert.ok(logs().includes('/api/v1/credentials/rapidpro:outgoing'), 'the requests were logged');
    assert.equal(logs().includes(SECRET), false);
  });

  it('reports an undecryptable credential with the reference message', async () => {
    await t.couch.put(`/${t.dbName}-vault/credential:broken`, { json: { password: 'abcd:ef' } });
    await assert.rejects(t.server.services.messaging.credentials.get('broken'), /Error decrypting credential\. Try setting the credential again\./);
  });
});
