import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, allDocs, hierarchy, readDoc, saveDocs, type Json } from './contacts.test-helper.js';

let t: TestServer;

before(async () => {
  t = await startTestServer();
  await saveDocs(t, [
    ...hierarchy(),
    { _id: 'dh2', type: 'district_hospital', name: 'District Two' },
    { _id: 'legacy', type: 'clinic', name: 'Legacy', parent: { _id: 'hc1', parent: { _id: 'dh1' } }, contact: 'p1' },
    { _id: 'orphaned', type: 'clinic', name: 'Orphaned', parent: { _id: 'deleted-hc', parent: { _id: 'dh1' } } },
  ]);
});
after(() => t.stop());

describe('POST /api/v1/places/{id}', () => {

  const update = (id: string, json: unknown) => t.api.post(`/api/v1/places/${id}`, { json, headers: ACCEPT_JSON });

  it('updates the name: {id, rev} without ok; other body keys are ignored', async () => {
    const res = await update('c1', { name: 'Renamed', type: 'person', reported_date: 'x', other: 1 });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json()), ['id', 'rev']);
    const doc = await readDoc(t, 'c1');
    assert.equal(doc?.name, 'Renamed');
    assert.equal(doc?.type, 'clinic');
    assert.equal(doc?.other, undefined);
    assert.deepEqual(doc?.parent, { _id: 'hc1', parent: { _id: 'dh1' } }, 'stored minified again');
    assert.deepEqual(doc?.contact, { _id: 'p1', parent: { _id: 'c1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } } });
  });

  it('sets the contact from an id (minified, also replacing a legacy string), or clears it with null', async () => {
    assert.equal((await update('legacy', { contact: 'p-chw' })).status, 200);
    assert.deepEqual((await readDoc(t, 'legacy'))?.contact, { _id: 'p-chw', parent: { _id: 'hc1', parent: { _id: 'dh1' } } });
    assert.equal((await update('legacy', { name: 'Legacy', contact: null })).status, 200);
    assert.equal((await readDoc(t, 'legacy'))?.contact, null);
  });

  it('a new contact object is created as a person with no parent; a new parent object is created first', async () => {
    const res = await update('hc1', { contact: { name: 'New boss' } });
    assert.equal(res.status, 200, res.text);
    const hc = await readDoc(t, 'hc1');
    const person = await readDoc(t, hc?.contact._id);
    assert.equal(person?.name, 'New boss');
    assert.equal(person?.parent, undefined);
    assert.deepEqual(hc?.contact, { _id: person?._id });

    const moved = await update('c1', { parent: { name: 'Fresh HC', type: 'health_center', parent: 'dh2' } });
    assert.equal(moved.status, 200, moved.text);
    const clinic = await readDoc(t, 'c1');
    assert.equal((await readDoc(t, clinic?.parent._id))?.name, 'Fresh HC');
    assert.deepEqual(clinic?.parent.parent, { _id: 'dh2' });
    assert.deepEqual((await readDoc(t, 'p1'))?.parent.parent, { _id: 'hc1', parent: { _id: 'dh1' } }, 'descendants keep their lineage');
  });

  it('400s and 404s', async () => {
    const cases: Array<[string, Json, number, string]> = [
      ['c1', { foo: 1 }, 400, 'One of the following fields are required: name, parent, contact, place_id'],
      ['c1', { name: null, contact: null }, 400, 'One of the following fields are required: name, parent, contact, place_id'],
      ['nope', { name: 'x' }, 404, 'Failed to find place.'],
      ['p1', { name: 'x' }, 404, 'Failed to find place.'],
      ['c1', { contact: 'nope' }, 404, 'Failed to find person.'],
      ['c1', { contact: { _id: 'p1', _rev: '1-x', name: 'x' } }, 400, 'Person must be a new object or string identifier (UUID).'],
      ['c1', { contact: 5 }, 400, 'Person must be a new object or string identifier (UUID).'],
      ['c1', { parent: 'nope' }, 404, 'Failed to find place.'],
      ['c1', { parent: { _id: 'hc1', _rev: '1-x' } }, 400, 'Place must be a new object or string identifier (UUID).'],
      ['c1', { parent: 'dh2' }, 400, 'clinic "c1" should have one of the following parent types: "health_center".'],
      ['c1', { name: 7 }, 400, 'Property "name" on place c1 must be a string.'],
      ['hc1', { parent: null, name: 'x' }, 400, 'Place hc1 is missing a "parent" property.'],
      // the stub of a deleted parent has no type
      ['orphaned', { name: 'x' }, 400, 'clinic "orphaned" should have one of the following parent types: "health_center".'],
      ['c1', { contact: { name: 'Valid' }, parent: { type: 'health_center', parent: 'dh1' } }, 400, 'Place  is missing a "name" property.'],
    ];
    const docsBefore = await allDocs(t);
    for (const [id, body, status, message] of cases) {
      const res = await update(id, body);
      assert.equal(res.status, status, `${id} ${JSON.stringify(body)}`);
      assert.equal(res.text, JSON.stringify({ code: status, error: message }), `${id} ${JSON.stringify(body)}`);
    }
    const docsAfter = await allDocs(t);
    assert.deepEqual([...docsAfter.keys()], [...docsBefore.keys()], 'the valid new contact of the last case was not written either');
    for (const [id, doc] of docsBefore) assert.equal(docsAfter.get(id)?._rev, doc._rev, id);
  });

  it('empty body, Content-Type, 401 and 403', async () => {
    assert.equal((await update('c1', [])).json().error, 'Request body is empty or Content-Type header was not set to application/json.');
    for (const contentType of ['application/json; charset=utf-8', 'application/json;charset=utf-8']) {
      const res = await t.anonymous.post('/api/v1/places/c1', { json: { name: 'x' }, headers: { ...ACCEPT_JSON, 'content-type': contentType } });
      assert.equal(res.status, 400, `${contentType}: checked before the session`);
      assert.equal(res.json().error, 'Content-Type must be application/json');
    }
    assert.equal((await t.anonymous.post('/api/v1/places/c1', { json: { name: 'x' }, headers: ACCEPT_JSON })).status, 401);
    const noPermission = await createCouchUser(t, ['analytics', 'mm-online']);
    const forbidden = await t.anonymous.post('/api/v1/places/c1', { auth: noPermission, json: { name: 'x' }, headers: ACCEPT_JSON });
    assert.equal(forbidden.status, 403);
  });
});
