import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createOfflineUser, createOnlineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, hierarchy, saveDocs, type Json } from './contacts.test-helper.js';

describe('GET/POST /api/v1/contacts-by-phone', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
    await t.api.put('/api/v1/settings', { json: { default_country_code: 254 } });
    await saveDocs(t, [
      ...hierarchy(),
      { _id: 'twin-a', type: 'person', name: 'Twin A', phone: '+40722444444', parent: { _id: 'c1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } } },
      { _id: 'twin-b', type: 'contact', contact_type: 'person', name: 'Twin B', phone: '+40722444444' },
      { _id: 'spaced', type: 'person', name: 'Stored with spaces', phone: '+40 722 555 555' },
    ]);
  });
  after(() => t.stop());

  it('normalises the phone (E.164) and returns every match hydrated, in doc-id order', async () => {
    const res = await t.api.get(`/api/v1/contacts-by-phone?phone=${encodeURIComponent('+40 (722) 444-444')}`);
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(body.ok, true);
    assert.deepEqual(body.docs.map((d: Json) => d._id), ['twin-a', 'twin-b']);
    assert.equal(body.docs[0].parent.name, 'Clinic One');
    assert.equal(body.docs[0].parent.parent.contact.name, 'CHW');
  });

  it('a local number under the default country code; POST body; the query wins', async () => {
    const local = (await t.api.get('/api/v1/contacts-by-phone?phone=0712345678')).json();
    assert.deepEqual(local.docs.map((d: Json) => d._id), ['p1']);
    const posted = (await t.api.post('/api/v1/contacts-by-phone', { json: { phone: '+254712345679' } })).json();
    assert.deepEqual(posted.docs.map((d: Json) => d._id), ['p-chw']);
    const both = (await t.api.post('/api/v1/contacts-by-phone?phone=%2B254712345678', { json: { phone: '+254712345679' } })).json();
    assert.deepEqual(both.docs.map((d: Json) => d._id), ['p1']);
  });

  it('404 {error, reason} without matches, including phones not stored in E.164', async () => {
    for (const phone of ['+254799999999', '+40722555555']) {
      const res = await t.api.get(`/api/v1/contacts-by-phone?phone=${encodeURIComponent(phone)}`);
      assert.equal(res.status, 404, phone);
      assert.deepEqual(res.json(), { error: 'not_found', reason: 'no matches found' });
    }
  });

  it('400 {error, reason} for a missing or invalid phone, always JSON', async () => {
    const expected = { error: 'bad_request', reason: '`phone` parameter is required and must be a valid phone number' };
    for (const res of [
      await t.api.get('/api/v1/contacts-by-phone'),
      await t.api.get('/api/v1/contacts-by-phone?phone=abc', { headers: { accept: 'text/plain' } }),
      await t.api.get('/api/v1/contacts-by-phone?phone=%2B2547123'),
      await t.api.post('/api/v1/contacts-by-phone', { json: { phone: '+254712345678x' } }),
      await t.api.post('/api/v1/contacts-by-phone', { json: { other: 1 } }),
    ]) {
      assert.equal(res.status, 400);
      assert.deepEqual(res.json(), expected);
    }
  });

  it('401 for no session; the firewall 403 for offline users; any online user may ask', async () => {
    assert.equal((await t.anonymous.get('/api/v1/contacts-by-phone?phone=%2B254712345678', { headers: ACCEPT_JSON })).status, 401);
    const offline = await createOfflineUser(t);
    const res = await t.anonymous.get('/api/v1/contacts-by-phone?phone=%2B254712345678', { auth: offline });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { code: 403, error: 'forbidden', details: 'Offline users are not allowed access to this endpoint' });
    const online = await createOnlineUser(t);
    assert.equal((await t.anonymous.get('/api/v1/contacts-by-phone?phone=%2B254712345678', { auth: online })).status, 200);
  });
});
