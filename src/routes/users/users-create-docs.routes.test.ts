import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, PASSWORD, readDoc, readSettings, readUser, saveDocs, startUsersServer, uniqueName, updateSettings } from './users.test-helper.js';

let t: TestServer;

before(async () => {
  t = await startUsersServer();
});
after(() => t.stop());

const post = (json: unknown) => t.api.post('/api/v1/users', { json, headers: ACCEPT_JSON });

describe('POST /api/v1/users: the docs written', () => {
  it('a new place and a new contact: the place gets the contact as primary contact; both user docs as the spec lists them', async () => {
    const username = uniqueName();
    const res = await post({
      username,
      password: PASSWORD,
      type: 'chw',
      place: { name: 'New Clinic', type: 'clinic', parent: 'hc1' },
      contact: { name: 'Mary', phone: '+254712000001' },
      fullname: 'Mary M',
      email: 'mary@example.org',
      phone: '+254712000001',
      known: true,
      external_id: 'ext-1',
      ignored_field: 'not stored',
    });
    assert.equal(res.status, 200, res.text);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['user', 'user-settings', 'contact']);
    const id = `org.couchdb.user:${username}`;
    assert.equal(body.user.id, id);
    assert.equal(body['user-settings'].id, id);

    const contact = await readDoc(t, body.contact.id);
    assert.equal(contact?._rev, body.contact.rev);
    assert.equal(contact?.type, 'person');
    const placeId = contact?.parent._id as string;
    assert.deepEqual(contact?.parent, { _id: placeId, parent: { _id: 'hc1', parent: { _id: 'dh1' } } });
    const place = await readDoc(t, placeId);
    assert.equal(place?.type, 'clinic');
    assert.deepEqual(place?.parent, { _id: 'hc1', parent: { _id: 'dh1' } });
    assert.deepEqual(place?.contact, { _id: contact?._id, parent: contact?.parent });

    const user = await readUser(t, username);
    assert.deepEqual(Object.keys(user ?? {}).sort(), ['_id', '_rev', 'contact_id', 'facility_id', 'known', 'name', 'password_change_required', 'roles', 'type']);
    assert.equal(user?._rev, body.user.rev);
    assert.deepEqual(user?.roles, ['chw'], 'offline roles get no mm-online');
    assert.deepEqual(user?.facility_id, [placeId]);
    assert.equal(user?.contact_id, contact?._id);
    assert.equal(user?.password_change_required, true);
    assert.equal(user?.type, 'user');

    const settings = await readSettings(t, username);
    assert.equal(settings?._rev, body['user-settings'].rev);
    const { _rev, ...stored } = settings ?? {};
    assert.deepEqual(stored, {
      _id: id, name: username, type: 'user-settings', roles: ['chw'], facility_id: [placeId], contact_id: contact?._id,
      fullname: 'Mary M', email: 'mary@example.org', phone: '+254712000001', external_id: 'ext-1', known: true,
    });
  });

  it('an existing place and contact are read, not written: the place keeps its primary contact', async () => {
    const [hcBefore, pBefore] = [await readDoc(t, 'hc1'), await readDoc(t, 'p-chw')];
    const username = uniqueName();
    const res = await post({ username, password: PASSWORD, roles: ['chw'], place: 'hc1', contact: 'p-chw' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json().contact, { id: 'p-chw', rev: pBefore?._rev });
    assert.equal((await readDoc(t, 'hc1'))?._rev, hcBefore?._rev);
    assert.equal((await readDoc(t, 'p-chw'))?._rev, pBefore?._rev);
  });

  it('`user_for_contact.create` is dropped from the contact', async () => {
    await saveDocs(t, [{ _id: 'p-flag', type: 'person', name: 'Flagged', parent: { _id: 'c1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } }, user_for_contact: { create: 'true', keep: 1 } }]);
    const res = await post({ username: uniqueName(), password: PASSWORD, roles: ['chw'], place: 'c1', contact: 'p-flag' });
    assert.equal(res.status, 200, res.text);
    const stored = await readDoc(t, 'p-flag');
    assert.deepEqual(stored?.user_for_contact, { keep: 1 });
    assert.equal(res.json().contact.rev, stored?._rev);
    const fresh = await post({ username: uniqueName(), password: PASSWORD, roles: ['chw'], place: 'c1', contact: { name: 'Fresh', user_for_contact: { create: true } } });
    assert.deepEqual((await readDoc(t, fresh.json().contact.id))?.user_for_contact, {});
  });

  it('a failing _users write (a system role: 403) leaves an existing contact at its rev, whichever way it was given', async () => {
    const id = uniqueName('p-kept');
    const parent = { _id: 'hc1', parent: { _id: 'dh1' } };
    await saveDocs(t, [{ _id: id, type: 'person', name: 'Kept', parent }]);
    const stored = await readDoc(t, id);
    const asObject = await post({ username: uniqueName(), password: PASSWORD, roles: ['_x'], place: 'hc1', contact: { ...stored, name: 'Overwritten' } });
    assert.notEqual(asObject.status, 200, asObject.text);
    assert.deepEqual(await readDoc(t, id), stored, 'neither overwritten nor deleted');
    const asId = await post({ username: uniqueName(), password: PASSWORD, roles: ['_x'], place: 'hc1', contact: id });
    assert.equal(asId.status, 403, asId.text);
    assert.deepEqual(await readDoc(t, id), stored);
  });

  it('mm-online is added to online roles, kept off offline ones; facility_id and contact_id follow place and contact', async () => {
    const admin = uniqueName();
    assert.equal((await post({ username: admin, password: PASSWORD, roles: ['national_admin'] })).status, 200);
    const user = await readUser(t, admin);
    assert.deepEqual(user?.roles, ['national_admin', 'mm-online']);
    assert.equal('facility_id' in (user ?? {}), false);
    assert.equal('contact_id' in (user ?? {}), false);
    assert.deepEqual((await readSettings(t, admin))?.roles, ['national_admin', 'mm-online']);

    const nulls = uniqueName();
    assert.equal((await post({ username: nulls, password: PASSWORD, type: 'district-manager', place: null, contact: null })).status, 200);
    const legacy = await readUser(t, nulls);
    assert.deepEqual(legacy?.roles, ['district-manager', 'kujua_user', 'data_entry', 'district_admin', 'mm-online']);
    assert.equal(legacy?.facility_id, null);
    assert.equal(legacy?.contact_id, null);
  });

  it('cht-conf sends empty place columns as {name:"", type:"", parent:""}: no place for an online user', async () => {
    const name = uniqueName();
    const res = await post({ username: name, password: PASSWORD, roles: ['national_admin'], place: { name: '', type: '', parent: '' }, contact: { name: 'Online Olga' } });
    assert.equal(res.status, 200, res.text);
    assert.equal('facility_id' in ((await readUser(t, name)) ?? {}), false);
    assert.equal((await readDoc(t, res.json().contact.id))?.name, 'Online Olga');
  });

  it('password_change_required: true by default, false when asked, false with can_skip_password_change', async () => {
    const asked = uniqueName();
    await post({ username: asked, password: PASSWORD, roles: ['national_admin'], password_change_required: false });
    assert.equal((await readUser(t, asked))?.password_change_required, false);
    const explicitTrue = uniqueName();
    await post({ username: explicitTrue, password: PASSWORD, roles: ['national_admin'], password_change_required: true });
    assert.equal((await readUser(t, explicitTrue))?.password_change_required, true);
    await updateSettings(t, { permissions: { can_skip_password_change: ['data_entry'] } });
    try {
      const skipper = uniqueName();
      await post({ username: skipper, password: PASSWORD, roles: ['data_entry'] });
      assert.equal((await readUser(t, skipper))?.password_change_required, false);
    } finally {
      await updateSettings(t, { permissions: { can_skip_password_change: [] } });
    }
  });
});

describe('POST /api/v1/users: SSO', () => {
  it('oidc_username: no password with it, OIDC must be configured, and the name must be free', async () => {
    const oidc = `${uniqueName('oidc')}@example.org`;
    const withPassword = await post({ username: uniqueName(), password: PASSWORD, roles: ['national_admin'], oidc_username: oidc });
    assert.deepEqual(withPassword.json(), { code: 400, error: 'Cannot set password or token_login with oidc_username.' });
    const notConfigured = await post({ username: uniqueName(), roles: ['national_admin'], oidc_username: oidc });
    assert.deepEqual(notConfigured.json(), { code: 400, error: 'Cannot set oidc_username when OIDC Login is not enabled.' });

    await updateSettings(t, { oidc_provider: { client_id: 'cht', discovery_url: 'https://idp.example.org' } });
    try {
      const first = uniqueName();
      const ok = await post({ username: first, roles: ['national_admin'], oidc_username: oidc });
      assert.equal(ok.status, 200, ok.text);
      const user = await readUser(t, first);
      assert.deepEqual(Object.keys(user ?? {}).sort(), ['_id', '_rev', 'name', 'oidc_username', 'password_change_required', 'roles', 'type']);
      assert.equal(user?.password_change_required, false);
      assert.equal((await readSettings(t, first))?.oidc_login, true);
      const duplicate = await post({ username: uniqueName(), roles: ['national_admin'], oidc_username: oidc });
      assert.deepEqual(duplicate.json(), {
        code: 400,
        error: { message: `The oidc_username [${oidc}] already exists for user [org.couchdb.user:${first}].`, translationKey: 'user.sso.username.duplicate' },
      });
    } finally {
      await updateSettings(t, { oidc_provider: null });
    }
  });
});

describe('users created through the API are CouchDB users', () => {
  it('log in with Basic auth (API and CouchDB pass-through) and with POST /_session', async () => {
    const name = uniqueName();
    assert.equal((await post({ username: name, password: PASSWORD, roles: ['national_admin'], password_change_required: false })).status, 200);
    const creds = { user: name, password: PASSWORD };
    const self = await t.anonymous.get(`/api/v2/users/${name}`, { auth: creds, headers: ACCEPT_JSON });
    assert.equal(self.status, 200, self.text);
    assert.equal(self.json().username, name);
    const passthrough = await t.anonymous.get(`/${t.dbName}/org.couchdb.user:${name}`, { auth: creds });
    assert.equal(passthrough.status, 200, passthrough.text);
    const login = await t.anonymous.post('/_session', { json: { name, password: PASSWORD } });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const withCookie = await t.anonymous.get('/api/v1/users-info', { headers: { cookie, ...ACCEPT_JSON } });
    assert.equal(withCookie.status, 400, 'an online user reaches users-info and is asked for its params');
    const wrong = await t.anonymous.get(`/api/v2/users/${name}`, { auth: { user: name, password: 'Wrong-pass-42' }, headers: ACCEPT_JSON });
    assert.equal(wrong.status, 401);
  });

  it('an offline user made by the API is kept out of the pass-through', async () => {
    const name = uniqueName();
    assert.equal((await post({ username: name, password: PASSWORD, roles: ['chw'], place: 'hc1', contact: 'p-chw' })).status, 200);
    const res = await t.anonymous.get(`/${t.dbName}/`, { auth: { user: name, password: PASSWORD } });
    assert.equal(res.status, 403);
    const admin = await createCouchUser(t, ['national_admin', 'mm-online']);
    assert.equal((await t.anonymous.get(`/${t.dbName}/`, { auth: admin })).status, 200);
  });

  it('a role named like an inherited property (constructor) is not configured: offline, no mm-online, kept out of the pass-through', async () => {
    const missing = await post({ username: uniqueName(), password: PASSWORD, roles: ['constructor'] });
    assert.deepEqual(missing.json(), { code: 400, error: { message: 'Missing required fields: place, contact', translationKey: 'fields.required', translationParams: { fields: 'place, contact' } } });
    const name = uniqueName();
    const res = await post({ username: name, password: PASSWORD, roles: ['constructor'], place: 'hc1', contact: 'p-chw', password_change_required: false });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((await readUser(t, name))?.roles, ['constructor']);
    assert.equal((await t.anonymous.get(`/${t.dbName}/`, { auth: { user: name, password: PASSWORD } })).status, 403);
  });
});
