import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, allDocs, hierarchy, readDoc, saveDocs, type Json } from './contacts.test-helper.js';

let t: TestServer;

before(async () => {
  t = await startTestServer();
  await saveDocs(t, hierarchy());
});
after(() => t.stop());

describe('POST /api/v1/places', () => {

  const post = (json: unknown) => t.api.post('/api/v1/places', { json, headers: ACCEPT_JSON });

  it('no contact: {ok, id, rev}, parent minified from the stored lineage, reported_date parsed', async () => {
    const res = await post({ name: 'Clinic A', type: 'clinic', parent: 'hc1', reported_date: '2016-07-01T13:48:24Z', extra: 'kept' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json()), ['ok', 'id', 'rev']);
    const doc = await readDoc(t, res.json().id);
    assert.deepEqual(doc?.parent, { _id: 'hc1', parent: { _id: 'dh1' } });
    assert.equal(doc?.reported_date, Date.UTC(2016, 6, 1, 13, 48, 24));
    assert.equal(doc?.extra, 'kept');
    assert.equal('contact' in (doc ?? {}), false);
  });

  it('an existing contact id: stored as the bare id string, {ok, id, rev, contact:{id}}, the person untouched', async () => {
    const personRev = (await readDoc(t, 'p-sup'))?._rev;
    const res = await post({ name: 'Clinic B', type: 'clinic', parent: 'hc1', contact: 'p-sup' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json()), ['ok', 'id', 'rev', 'contact']);
    assert.deepEqual(res.json().contact, { id: 'p-sup' });
    assert.equal((await readDoc(t, res.json().id))?.contact, 'p-sup');
    assert.equal((await readDoc(t, 'p-sup'))?._rev, personRev);
  });

  it('a new contact: the place, then the person in it, then the place again: {id, rev, contact:{id}}, rev 2', async () => {
    const res = await post({ name: 'Clinic C', type: 'clinic', parent: 'hc1', contact: { name: 'Carol', phone: '+254700000009' } });
    assert.equal(res.status, 200, res.text);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['id', 'rev', 'contact']);
    assert.match(body.rev, /^2-/);
    const place = await readDoc(t, body.id);
    const person = await readDoc(t, body.contact.id);
    assert.equal(person?.type, 'person');
    assert.equal(person?.name, 'Carol');
    assert.deepEqual(person?.parent, { _id: body.id, parent: { _id: 'hc1', parent: { _id: 'dh1' } } });
    assert.deepEqual(place?.contact, { _id: person?._id, parent: person?.parent });
    assert.equal(place?._rev, body.rev);
  });

  it('new parents given as objects are created first; a parent with _id is taken as given, not read', async () => {
    const res = await post({
      name: 'Deep clinic', type: 'clinic',
      parent: { name: 'New HC', type: 'health_center', parent: { _id: 'not-in-db', type: 'district_hospital', name: 'Given' } },
    });
    assert.equal(res.status, 200, res.text);
    const clinic = await readDoc(t, res.json().id);
    const hc = await readDoc(t, clinic?.parent._id);
    assert.equal(hc?.name, 'New HC');
    assert.deepEqual(clinic?.parent, { _id: hc?._id, parent: { _id: 'not-in-db' } });
    assert.equal(await readDoc(t, 'not-in-db'), undefined);
  });

  it('400s in the reference order and wording; a failed create writes nothing, nested parents included', async () => {
    await saveDocs(t, [{ _id: 'nameless-hc', type: 'health_center', parent: { _id: 'dh1' } }]);
    const cases: Array<[Json, string]> = [
      [{ name: 'x' }, 'Wrong type, object  is not a place.'],
      [{ _id: 'some-id', name: 'x', type: 'person' }, 'Wrong type, object some-id is not a place.'],
      [{ type: 'contact', contact_type: 'nope', name: 'x' }, 'Wrong type, object  is not a place.'],
      [{ type: 'district_hospital', reported_date: 'bad' }, 'Place  is missing a "name" property.'],
      [{ type: 'district_hospital', name: 5, reported_date: 'bad' }, 'Reported date on place  is invalid: bad'],
      [{ type: 'district_hospital', name: 5 }, 'Property "name" on place  must be a string.'],
      [{ type: 'health_center', name: 'x' }, 'Place  is missing a "parent" property.'],
      [{ type: 'health_center', name: 'x', parent: 'c1' }, 'health_center "" should have one of the following parent types: "district_hospital".'],
      [{ type: 'district_hospital', name: 'x', contact: 5 }, 'Property "contact" on place  must be an object or string.'],
      [{ type: 'clinic', name: 'x', parent: 'nameless-hc' }, 'Place nameless-hc is missing a "name" property.'],
      [{ type: 'district_hospital', name: 'x', contact: { name: 'y', type: 'clinic' } }, 'Wrong type, this is not a person.'],
      [{ type: 'district_hospital', name: 'x', contact: { phone: '1' } }, 'Person is missing a "name" property.'],
      [{ type: 'clinic', name: 'x', parent: { type: 'health_center', name: 'New HC', parent: 'dh1' }, contact: { name: 5 } }, 'Property "name" must be a string.'],
      [{ type: 'clinic', name: 'x', parent: { type: 'health_center', name: 'New HC', parent: 'dh1' }, reported_date: 'bad' }, 'Reported date on place  is invalid: bad'],
      [{ type: 'clinic', name: 'x', parent: { type: 'health_center', parent: 'dh1' } }, 'Place  is missing a "name" property.'],
    ];
    const docsBefore = await allDocs(t);
    for (const [body, message] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.text, JSON.stringify({ code: 400, error: message }), JSON.stringify(body));
    }
    assert.deepEqual([...(await allDocs(t)).keys()], [...docsBefore.keys()]);
  });

  it('404 for an unknown parent or contact; 409 before anything is written for a taken contact _id', async () => {
    const cases: Array<[Json, string]> = [
      [{ type: 'clinic', name: 'x', parent: 'nope' }, 'Failed to find place.'],
      [{ type: 'clinic', name: 'x', parent: 'p1' }, 'Failed to find place.'],
      [{ type: 'district_hospital', name: 'x', contact: 'nope' }, 'Failed to find person.'],
      [{ type: 'district_hospital', name: 'x', contact: 'c1' }, 'Failed to find person.'],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      assert.equal(res.status, 404, JSON.stringify(body));
      assert.equal(res.json().error, message);
    }
    const docsBefore = (await allDocs(t)).size;
    const taken = await post({ type: 'clinic', name: 'x', parent: { type: 'health_center', name: 'HC', parent: 'dh1' }, contact: { _id: 'p1', name: 'Dup' } });
    assert.equal(taken.status, 409);
    assert.equal((await allDocs(t)).size, docsBefore);
  });

  it('empty body, Content-Type, 401 and 403', async () => {
    assert.equal((await post({})).json().error, 'Request body is empty or Content-Type header was not set to application/json.');
    for (const contentType of ['application/json; charset=utf-8', 'text/plain']) {
      const res = await t.anonymous.post('/api/v1/places', { json: { name: 'x' }, headers: { ...ACCEPT_JSON, 'content-type': contentType } });
      assert.equal(res.status, 400, `${contentType}: checked before the session`);
      assert.equal(res.json().error, 'Content-Type must be application/json');
    }
    assert.equal((await t.anonymous.post('/api/v1/places', { json: { name: 'x' }, headers: ACCEPT_JSON })).status, 401);
    const noPermission = await createCouchUser(t, ['analytics', 'mm-online']);
    const forbidden = await t.anonymous.post('/api/v1/places', { auth: noPermission, json: { name: 'x' }, headers: ACCEPT_JSON });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.json().error, 'Insufficient privileges');
  });
});
