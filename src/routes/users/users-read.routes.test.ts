import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createOnlineUser } from '../../../test/helpers/users.js';
import { UserLister } from '../../services/users/user-lister.js';
import { ACCEPT_JSON, apiUser, dropUsers, hierarchy, PASSWORD, readDoc, saveDocs, uniqueName, type Json } from './users.test-helper.js';

let t: TestServer;
let chw: string;
let manager: string;
// `_users` is shared on a real CouchDB: filters use ids of this run only
const run = uniqueName('run');
const HC = `${run}-hc`;
const DH = `${run}-dh`;
const CHW_PERSON = `${run}-p-chw`;
const SUP_PERSON = `${run}-p-sup`;

before(async () => {
  t = await startTestServer();
  await saveDocs(t, [
    ...hierarchy(),
    { _id: DH, type: 'district_hospital', name: 'Run district', reported_date: 1 },
    { _id: HC, type: 'health_center', name: 'Run HC', parent: { _id: DH }, reported_date: 1 },
    { _id: CHW_PERSON, type: 'person', name: 'Run CHW', parent: { _id: HC, parent: { _id: DH } }, reported_date: 1 },
    { _id: SUP_PERSON, type: 'person', name: 'Run Sup', parent: { _id: DH }, reported_date: 1 },
  ]);
  chw = await apiUser(t, { roles: ['chw'], place: HC, contact: CHW_PERSON, fullname: 'C H W', email: 'c@example.org', phone: '+254712000003', known: true, external_id: 'x-1' });
  manager = await apiUser(t, { roles: [], type: 'district_admin', place: DH, contact: SUP_PERSON });
});
after(() => t.stop());

const list = async (path: string): Promise<Json[]> => {
  const res = await t.api.get(path, { headers: ACCEPT_JSON });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return res.json();
};
const byName = (items: Json[], name: string) => items.find((i) => i.username === name);

describe('GET /api/v2/users', () => {
  it('lists every user with settings fields, roles, raw facility docs as an array and the raw contact', async () => {
    const items = await list('/api/v2/users');
    const item = byName(items, chw);
    const [hc, person] = [await readDoc(t, HC), await readDoc(t, CHW_PERSON)];
    const { rev, ...rest } = item ?? {};
    assert.match(rev, /^1-/);
    assert.deepEqual(rest, {
      id: `org.couchdb.user:${chw}`, username: chw, fullname: 'C H W', email: 'c@example.org', phone: '+254712000003',
      place: [hc], roles: ['chw'], contact: person, external_id: 'x-1', known: true,
    });
    assert.deepEqual(byName(items, manager)?.roles, ['district_admin', 'mm-online']);
    const ids = items.map((i) => i.id as string);
    assert.deepEqual(ids, [...ids].sort(), 'in _users id order');
  });

  it('filters by facility_id and contact_id (both: the contact, kept when the facility matches)', async () => {
    assert.deepEqual((await list(`/api/v2/users?facility_id=${HC}`)).map((i) => i.username), [chw]);
    assert.deepEqual((await list(`/api/v2/users?contact_id=${SUP_PERSON}`)).map((i) => i.username), [manager]);
    assert.deepEqual((await list(`/api/v2/users?contact_id=${SUP_PERSON}&facility_id=${DH}`)).map((i) => i.username), [manager]);
    assert.deepEqual(await list(`/api/v2/users?contact_id=${SUP_PERSON}&facility_id=${HC}`), []);
    assert.deepEqual(await list(`/api/v2/users?facility_id=${run}-nowhere`), []);
  });

  it('place is null without facilities, and null entries for missing ones; a legacy string facility_id is read', async () => {
    const name = uniqueName();
    await t.couch.put(`/_users/org.couchdb.user:${name}`, { json: { name, type: 'user', roles: ['x'], facility_id: ['hc1', 'gone'], contact_id: 'gone-too' } });
    const legacy = uniqueName();
    await t.couch.put(`/_users/org.couchdb.user:${legacy}`, { json: { name: legacy, type: 'user', roles: [], facility_id: 'c1' } });
    const items = await list('/api/v2/users');
    const item = byName(items, name);
    assert.equal(item?.place.length, 2);
    assert.equal(item?.place[0]._id, 'hc1');
    assert.equal(item?.place[1], null);
    assert.equal('contact' in (item ?? {}), false);
    assert.equal('fullname' in (item ?? {}), false, 'no settings doc: undefined fields are omitted');
    assert.equal(byName(items, legacy)?.place[0]._id, 'c1');
    const online = await apiUser(t, { roles: ['national_admin'] });
    assert.equal(byName(await list('/api/v2/users'), online)?.place, null);
  });

  it('needs can_view_users', async () => {
    const res = await t.anonymous.get('/api/v2/users', { auth: { user: chw, password: PASSWORD }, headers: ACCEPT_JSON });
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"code":403,"error":"Insufficient privileges"}');
    assert.equal((await t.anonymous.get('/api/v1/users', { headers: ACCEPT_JSON })).status, 401);
  });
});

describe('GET /api/v1/users (deprecated)', () => {
  it('has type = the first role (or unknown) instead of roles', async () => {
    const noRoles = uniqueName();
    await t.couch.put(`/_users/org.couchdb.user:${noRoles}`, { json: { name: noRoles, type: 'user', roles: [] } });
    const items = await list(`/api/v1/users?facility_id=${HC}`);
    assert.deepEqual(items.map((i) => [i.username, i.type, 'roles' in i]), [[chw, 'chw', false]]);
    assert.equal(byName(await list('/api/v1/users'), noRoles)?.type, 'unknown');
  });
});

describe('GET /api/v2/users/{username}', () => {
  it('one user with roles; users may read themselves without can_view_users', async () => {
    const res = await t.anonymous.get(`/api/v2/users/${chw}`, { auth: { user: chw, password: PASSWORD }, headers: ACCEPT_JSON });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json().username, chw);
    assert.deepEqual(res.json().roles, ['chw']);
    assert.equal(res.json().place[0]._id, HC);
    const other = await t.anonymous.get(`/api/v2/users/${manager}`, { auth: { user: chw, password: PASSWORD }, headers: ACCEPT_JSON });
    assert.deepEqual(other.json(), { code: 403, error: 'Insufficient privileges' });
    const admin = await createOnlineUser(t);
    assert.equal((await t.anonymous.get(`/api/v2/users/${chw}`, { auth: admin, headers: ACCEPT_JSON })).status, 200);
  });

  it('404 names the database missing the user', async () => {
    const missing = uniqueName();
    assert.deepEqual((await t.api.get(`/api/v2/users/${missing}`, { headers: ACCEPT_JSON })).json(), {
      code: 404,
      error: `Failed to find user with name [${missing}] in the [users] database.`,
    });
    const onlyUsers = uniqueName();
    await t.couch.put(`/_users/org.couchdb.user:${onlyUsers}`, { json: { name: onlyUsers, type: 'user', roles: [] } });
    assert.equal((await t.api.get(`/api/v2/users/${onlyUsers}`, { headers: ACCEPT_JSON })).json().error, `Failed to find user with name [${onlyUsers}] in the [medic] database.`);
  });
});

describe('listing in pages', () => {
  it('reads _users page by page (key-based), each user once, with its settings doc', async () => {
    const prefix = uniqueName('page');
    const names = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`);
    await t.couch.post('/_users/_bulk_docs', { json: { docs: names.map((name) => ({ _id: `org.couchdb.user:${name}`, name, type: 'user', roles: ['chw'], facility_id: ['hc1'] })) } });
    await saveDocs(t, names.map((name) => ({ _id: `org.couchdb.user:${name}`, name, type: 'user-settings', roles: ['chw'], fullname: name.toUpperCase() })));
    try {
      const couch = t.server.services.couch;
      const lister = new UserLister({ users: couch.users, medic: couch.medic, pageSize: 2 });
      const seen: Json[] = [];
      for await (const item of lister.items({})) if ((item.username as string).startsWith(prefix)) seen.push(item);
      assert.deepEqual(seen.map((i) => i.username), names);
      assert.deepEqual(seen.map((i) => i.fullname), names.map((n) => n.toUpperCase()));
      const byFacility: string[] = [];
      for await (const item of lister.items({ facilityId: 'hc1' })) byFacility.push(item.username as string);
      assert.deepEqual(byFacility.filter((n) => n.startsWith(prefix)), names);
    } finally {
      await dropUsers(t, names);
    }
  });
});
