import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser, createOfflineUser, createOnlineUser } from '../../../test/helpers/users.js';
import type { Credentials } from '../../../test/helpers/http-client.js';
import { ACCEPT_JSON, hierarchy, saveDocs, setContactTypes, DEFAULT_TYPES, type Json } from './contacts.test-helper.js';

describe('GET /api/v1/person/{uuid} and /api/v1/place/{uuid}', () => {
  let t: TestServer;
  let online: Credentials;
  let revs: Record<string, string>;
  const docs = new Map(hierarchy().map((d) => [d._id as string, d]));
  const stored = (id: string): Json => ({ ...docs.get(id), _rev: revs[id] });

  before(async () => {
    t = await startTestServer();
    revs = await saveDocs(t, [...docs.values()]);
    online = await createOnlineUser(t);
  });
  after(() => t.stop());

  it('returns the stored person, without lineage by default', async () => {
    const res = await t.anonymous.get('/api/v1/person/p1', { auth: online });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), stored('p1'));
  });

  it('with_lineage=true hydrates every parent and each parent’s primary contact (contacts as stored)', async () => {
    const res = await t.api.get('/api/v1/person/p1?with_lineage=true');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {
      ...stored('p1'),
      parent: {
        ...stored('c1'),
        contact: stored('p1'),
        parent: { ...stored('hc1'), contact: stored('p-chw'), parent: { ...stored('dh1'), contact: stored('p-sup') } },
      },
    });
  });

  it('only the exact string true turns lineage on', async () => {
    for (const value of ['TRUE', '1', 'yes', '']) {
      const res = await t.api.get(`/api/v1/person/p1?with_lineage=${value}`);
      assert.deepEqual(res.json().parent, docs.get('p1')?.parent, value);
    }
  });

  it('place with lineage: its own contact hydrated too, the top parent keeps its stored parent value', async () => {
    const res = await t.api.get('/api/v1/place/hc1?with_lineage=true');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { ...stored('hc1'), contact: stored('p-chw'), parent: { ...stored('dh1'), contact: stored('p-sup') } });
    assert.equal(res.json().parent.parent, '');
  });

  it('a missing ancestor stays the stored {_id} stub; a place with contact {} keeps it', async () => {
    await saveDocs(t, [
      { _id: 'orphan', type: 'person', name: 'Orphan', parent: { _id: 'gone', parent: { _id: 'dh1' } } },
      { _id: 'empty-contact', type: 'clinic', name: 'No contact', contact: {}, parent: { _id: 'hc1', parent: { _id: 'dh1' } } },
    ]);
    const orphan = (await t.api.get('/api/v1/person/orphan?with_lineage=true')).json();
    assert.deepEqual(orphan.parent._id, 'gone');
    assert.deepEqual(Object.keys(orphan.parent), ['_id', 'parent']);
    assert.equal(orphan.parent.parent.name, 'District One');
    const place = (await t.api.get('/api/v1/place/empty-contact?with_lineage=true')).json();
    assert.deepEqual(place.contact, {});
    assert.equal(place.parent.name, 'Health Center One');
  });

  it('404 with the standard envelope for a missing doc or another kind of contact', async () => {
    for (const [path, message] of [
      ['/api/v1/person/nope', 'Person not found'],
      ['/api/v1/person/c1', 'Person not found'],
      ['/api/v1/person/c1?with_lineage=true', 'Person not found'],
      ['/api/v1/place/p1', 'Place not found'],
      ['/api/v1/place/nope?with_lineage=true', 'Place not found'],
      ['/api/v1/place/_all_docs', 'Place not found'],
    ]) {
      const res = await t.api.get(path as string, { headers: ACCEPT_JSON });
      assert.equal(res.status, 404, path);
      assert.equal(res.text, `{"code":404,"error":"${message}"}`);
    }
    const text = await t.api.get('/api/v1/person/nope');
    assert.equal(text.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(text.text, 'Person not found');
  });

  it('person: the literal type person even when not configured, and configured custom types', async () => {
    await saveDocs(t, [
      { _id: 'patient1', type: 'contact', contact_type: 'patient', name: 'P' },
      { _id: 'home1', type: 'contact', contact_type: 'home', name: 'H' },
    ]);
    await setContactTypes(t, [{ id: 'home' }, { id: 'patient', parents: ['home'], person: true }]);
    try {
      assert.equal((await t.api.get('/api/v1/person/p1')).status, 200, 'person is always a person');
      assert.equal((await t.api.get('/api/v1/person/patient1')).status, 200);
      assert.equal((await t.api.get('/api/v1/place/home1')).status, 200);
      assert.equal((await t.api.get('/api/v1/place/c1')).status, 404, 'clinic is not configured any more');
    } finally {
      await setContactTypes(t, DEFAULT_TYPES);
    }
  });

  it('401 without a session; 403 for offline users and for users without can_view_contacts', async () => {
    const anon = await t.anonymous.get('/api/v1/person/p1', { headers: ACCEPT_JSON });
    assert.equal(anon.status, 401);
    assert.equal(anon.text, '{"code":401,"error":"unauthorized"}');
    const offline = await createOfflineUser(t);
    const noPermission = await createCouchUser(t, ['analytics', 'mm-online']);
    for (const who of [offline, noPermission]) {
      for (const path of ['/api/v1/person/p1', '/api/v1/place/c1', '/api/v1/person?type=person', '/api/v1/place?type=clinic']) {
        const res = await t.anonymous.get(path, { auth: who, headers: ACCEPT_JSON });
        assert.equal(res.status, 403, path);
        assert.equal(res.text, '{"code":403,"error":"Insufficient privileges"}');
      }
    }
  });
});
