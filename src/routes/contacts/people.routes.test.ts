import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser, createOfflineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, allDocs, DEFAULT_TYPES, hierarchy, readDoc, saveDocs, setContactTypes, type Json } from './contacts.test-helper.js';

describe('POST /api/v1/people', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, hierarchy());
  });
  after(() => t.stop());

  const post = (json: unknown, headers: Record<string, string> = ACCEPT_JSON) => t.api.post('/api/v1/people', { json, headers });

  it('creates a person in an existing place: {ok, id, rev}, minified parent, type kept, reported_date now', async () => {
    const before = Date.now();
    const res = await post({ name: 'Alice', place: 'c1', phone: '+254700000001', custom: { a: 1 } });
    assert.equal(res.status, 200, res.text);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['ok', 'id', 'rev']);
    assert.equal(body.ok, true);
    const doc = await readDoc(t, body.id);
    assert.equal(doc?._rev, body.rev);
    assert.equal(doc?.type, 'person');
    assert.deepEqual(doc?.parent, { _id: 'c1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } });
    assert.equal(doc?.place, undefined);
    assert.deepEqual(doc?.custom, { a: 1 });
    assert.ok((doc?.reported_date as number) >= before);
  });

  it('parses reported_date in the formats of the API page, honours _id, stores custom types as sent', async () => {
    const cases: Array<[unknown, number]> = [
      ['2011-10-10T14:48:00-0300', Date.UTC(2011, 9, 10, 17, 48)],
      ['2016-07-01T13:48:24+00:00', Date.UTC(2016, 6, 1, 13, 48, 24)],
      ['2016-07-01T13:48:24.500Z', Date.UTC(2016, 6, 1, 13, 48, 24, 500)],
      [1467383343484, 1467383343484],
      ['1467383343484', 1467383343484],
    ];
    for (const [value, expected] of cases) {
      const res = await post({ name: 'Dated', reported_date: value });
      assert.equal(res.status, 200, res.text);
      assert.equal((await readDoc(t, res.json().id))?.reported_date, expected, String(value));
    }
    const withId = await post({ _id: 'chosen-id', name: 'Chosen', type: 'contact', contact_type: 'person' });
    assert.equal(withId.json().id, 'chosen-id');
    assert.equal((await readDoc(t, 'chosen-id'))?.type, 'contact', 'no conversion of the type');
    const again = await post({ _id: 'chosen-id', name: 'Chosen' });
    assert.equal(again.status, 409);
  });

  it('creates a new place (and its new parents) given as an object', async () => {
    const res = await post({ name: 'Hannah', place: { name: 'New clinic', type: 'clinic', parent: { name: 'New HC', type: 'health_center', parent: 'dh1' } } });
    assert.equal(res.status, 200, res.text);
    const person = await readDoc(t, res.json().id);
    const clinic = await readDoc(t, person?.parent._id);
    const hc = await readDoc(t, clinic?.parent._id);
    assert.equal(clinic?.name, 'New clinic');
    assert.equal(hc?.name, 'New HC');
    assert.deepEqual(person?.parent, { _id: clinic?._id, parent: { _id: hc?._id, parent: { _id: 'dh1' } } });
    assert.deepEqual(hc?.parent, { _id: 'dh1' });
    assert.equal(typeof hc?.reported_date, 'number');
  });

  it('400s in the reference order, and nothing is written for a failed create', async () => {
    const cases: Array<[Json, string]> = [
      [{ name: 'x', type: 'clinic' }, 'Wrong type, this is not a person.'],
      [{ type: 'person', reported_date: 'bad' }, 'Person is missing a "name" property.'],
      [{ name: 12 }, 'Property "name" must be a string.'],
      [{ name: null }, 'Property "name" must be a string.'],
      [{ name: 'x', reported_date: 'yesterday' }, 'Reported date is invalid: yesterday'],
      [{ name: 'x', reported_date: null }, 'Reported date is invalid: null'],
      // the API writes as server admin: no client may create a design doc this way
      [{ name: 'x', _id: '_design/evil', validate_doc_update: 'function () { throw 1; }' }, 'Only reserved document ids may start with underscore.'],
      [{ name: 'x', place: { _id: '_local/evil', name: 'C', type: 'clinic', parent: 'hc1' } }, 'Only reserved document ids may start with underscore.'],
      [{ name: 'x', place: { _id: 'c1', _rev: '1-abc' } }, 'Place must be a new object or string identifier (UUID).'],
      [{ name: 'x', place: 5 }, 'Place must be a new object or string identifier (UUID).'],
      [{ name: 'x', place: { name: 'Orphan clinic', type: 'clinic' } }, 'Place  is missing a "parent" property.'],
      // the deepest new parent is checked first, as the reference creates it first
      [{ name: 'x', place: { name: 'C', type: 'clinic', parent: { name: 'HC', type: 'health_center', parent: { type: 'clinic', name: 'new' } } } },
        'Place  is missing a "parent" property.'],
      [{ name: 'x', place: { name: 'C', type: 'clinic', parent: { name: 'HC', type: 'health_center', parent: { _id: 'c1', type: 'clinic', name: 'given' } } } },
        'health_center "" should have one of the following parent types: "district_hospital".'],
    ];
    const docsBefore = (await allDocs(t)).size;
    for (const [body, message] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.text, JSON.stringify({ code: 400, error: message }));
    }
    assert.equal((await allDocs(t)).size, docsBefore);
  });

  it('404 Failed to find place. for an unknown place or one that is not a place', async () => {
    for (const place of ['nope', 'p1']) {
      const res = await post({ name: 'x', place });
      assert.equal(res.status, 404);
      assert.equal(res.text, '{"code":404,"error":"Failed to find place."}');
    }
  });

  it('no type without a configured person type: Wrong type', async () => {
    await setContactTypes(t, [{ id: 'home' }, { id: 'member', parents: ['home'], person: true }]);
    try {
      assert.equal((await post({ name: 'x' })).json().error, 'Wrong type, this is not a person.');
      const member = await post({ name: 'x', type: 'contact', contact_type: 'member' });
      assert.equal(member.status, 200, 'a configured person type');
    } finally {
      await setContactTypes(t, DEFAULT_TYPES);
    }
  });

  it('empty body, Content-Type, 401 and 403; offline users with the permissions may create', async () => {
    for (const json of [{}, []]) {
      const res = await post(json);
      assert.equal(res.status, 400);
      assert.equal(res.json().error, 'Request body is empty or Content-Type header was not set to application/json.');
    }
    const charset = await t.anonymous.post('/api/v1/people', { json: { name: 'x' }, headers: { ...ACCEPT_JSON, 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(charset.status, 400, 'the Content-Type is checked before the session');
    assert.equal(charset.json().error, 'Content-Type must be application/json');
    const anon = await t.anonymous.post('/api/v1/people', { json: { name: 'x' }, headers: ACCEPT_JSON });
    assert.equal(anon.status, 401);
    const noPermission = await createCouchUser(t, ['analytics', 'mm-online']);
    const forbidden = await t.anonymous.post('/api/v1/people', { auth: noPermission, json: { name: 'x' }, headers: ACCEPT_JSON });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.text, '{"code":403,"error":"Insufficient privileges"}');
    const offline = await createOfflineUser(t);
    const created = await t.anonymous.post('/api/v1/people', { auth: offline, json: { name: 'By a CHW', place: 'c1' }, headers: ACCEPT_JSON });
    assert.equal(created.status, 200, created.text);
  });
});
