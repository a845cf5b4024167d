import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from '../../../test/helpers/http-client.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createOfflineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, hierarchy, readDoc, saveDocs, type Json } from './contacts.test-helper.js';

/** The API writes as server admin: a `_rev` in a create body must never let a caller replace a stored doc. */
describe('creates never overwrite: a `_rev` in a create body is a 400', () => {
  let t: TestServer;
  let chw: Credentials;
  const targets = ['settings', 'org.couchdb.user:someone', 'form:pregnancy', 'resources'];

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, [
      ...hierarchy(),
      { _id: 'org.couchdb.user:someone', type: 'user-settings', name: 'someone', roles: ['chw'] },
      { _id: 'form:pregnancy', type: 'form', internalId: 'pregnancy' },
      { _id: 'resources', resources: {} },
    ]);
    chw = await createOfflineUser(t); // holds can_edit, can_create_people, can_create_places, can_update_places
  });
  after(() => t.stop());

  const post = (path: string, json: unknown) => t.anonymous.post(path, { auth: chw, json, headers: ACCEPT_JSON });
  const stored = async () => Object.fromEntries(await Promise.all(targets.map(async (id) => [id, await readDoc(t, id)] as const)));
  const revOf = async (id: string) => (await readDoc(t, id))?._rev as string;

  it('as a top-level person or place, for settings, user-settings, form and resources docs', async () => {
    const before = await stored();
    for (const id of targets) {
      const rev = await revOf(id);
      const cases: Array<[string, Json, string]> = [
        ['/api/v1/people', { _id: id, _rev: rev, name: 'x', type: 'person' }, 'A new person must not have a "_rev" property.'],
        ['/api/v1/places', { _id: id, _rev: rev, name: 'x', type: 'district_hospital' }, 'A new place must not have a "_rev" property.'],
      ];
      for (const [path, body, message] of cases) {
        const res = await post(path, body);
        assert.equal(res.status, 400, `${path} ${id}: ${res.text}`);
        assert.equal(res.text, JSON.stringify({ code: 400, error: message }));
      }
    }
    assert.deepEqual(await stored(), before);
  });

  it('as an inline contact, place or parent: the settings doc is unchanged and nothing is written', async () => {
    const settings = await readDoc(t, 'settings');
    const rev = settings?._rev as string;
    const overwrite = { _id: 'settings', _rev: rev, name: 'x', type: 'person' };
    const cases: Array<[string, Json, string]> = [
      ['/api/v1/places', { name: 'C', type: 'district_hospital', contact: overwrite }, 'A new person must not have a "_rev" property.'],
      ['/api/v1/places', { name: 'C', type: 'health_center', parent: { _rev: rev, name: 'D', type: 'district_hospital' } }, 'A new place must not have a "_rev" property.'],
      ['/api/v1/people', { name: 'x', place: { _id: 'settings', _rev: rev, name: 'D', type: 'district_hospital' } }, 'Place must be a new object or string identifier (UUID).'],
      ['/api/v1/people', { name: 'x', place: { name: 'D', type: 'district_hospital', contact: overwrite } }, 'A new person must not have a "_rev" property.'],
      ['/api/v1/places/hc1', { contact: overwrite }, 'Person must be a new object or string identifier (UUID).'],
      ['/api/v1/places/hc1', { parent: { name: 'D', type: 'district_hospital', contact: overwrite } }, 'A new person must not have a "_rev" property.'],
    ];
    const docsBefore = (await t.couch.get(`/${t.dbName}/_all_docs`)).json().rows.length as number;
    for (const [path, body, message] of cases) {
      const res = await post(path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.text, JSON.stringify({ code: 400, error: message }));
    }
    assert.deepEqual(await readDoc(t, 'settings'), settings);
    assert.equal((await t.couch.get(`/${t.dbName}/_all_docs`)).json().rows.length, docsBefore);
  });

  it('a taken `_id` without `_rev` is still a 409, the stored doc untouched', async () => {
    const settings = await readDoc(t, 'settings');
    const res = await post('/api/v1/places', { name: 'C', type: 'district_hospital', contact: { _id: 'settings', name: 'x' } });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(await readDoc(t, 'settings'), settings);
  });
});
