import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from '../../../test/helpers/http-client.js';
import type { TestServer } from '../../../test/helpers/test-server.js';
import { ACCEPT_JSON, apiUser, keyed, PASSWORD, plainUser, readDoc, readSettings, readUser, startUsersServer, uniqueName, type Json } from './users.test-helper.js';

let t: TestServer;

before(async () => {
  t = await startUsersServer();
});
after(() => t.stop());

const update = (name: string, json: unknown, auth?: Credentials | false, headers: Record<string, string> = {}) =>
  t.anonymous.post(`/api/v1/users/${name}`, { json, auth: auth === undefined ? t.admin : auth, headers: { ...ACCEPT_JSON, ...headers } });



describe('POST /api/v1/users/{username}: validation and what is written', () => {
  it('needs one updatable field (null place/contact count); 404 names the database missing the user', async () => {
    const a = await plainUser(t);
    const fields = 'password, known, place, contact, type, roles, oidc_username, fullname, email, phone, external_id, token_login, language';
    assert.deepEqual((await update(a.user, { unknown_field: 1, fullname: null })).json(), {
      code: 400,
      error: keyed(`One of the following fields are required: ${fields}`, 'fields.one.required'),
    });
    assert.equal((await update(a.user, { place: null })).status, 200);
    const missing = uniqueName();
    assert.deepEqual((await update(missing, { fullname: 'x' })).json(), { code: 404, error: `Failed to find user with name [${missing}] in the [users] database.` });
    const noSettings = uniqueName();
    await t.couch.put(`/_users/org.couchdb.user:${noSettings}`, { json: { name: noSettings, type: 'user', roles: [], password: PASSWORD } });
    assert.deepEqual((await update(noSettings, { fullname: 'x' })).json(), { code: 404, error: `Failed to find user with name [${noSettings}] in the [medic] database.` });
  });

  it('places: a non-empty list of existing places, one unless can_have_multiple_places; offline users keep one', async () => {
    const chw = await apiUser(t, { roles: ['chw'], place: 'hc1', contact: 'p-chw' });
    const before = await readUser(t, chw);
    assert.deepEqual((await update(chw, { place: [] })).json().error, keyed('Invalid facilities list', 'field is required', { field: 'Place' }));
    assert.deepEqual((await update(chw, { place: ['hc1', 'c1'] })).json().error, keyed('This user cannot have multiple places', 'field is required', { field: 'Place' }));
    assert.deepEqual((await update(chw, { place: 'nowhere' })).json(), { code: 404, error: 'Failed to find place nowhere' });
    assert.deepEqual((await update(chw, { place: 'p1' })).json(), { code: 404, error: 'Failed to find place p1' });
    assert.deepEqual((await update(chw, { place: null })).json().error, keyed('Place field is required for offline users', 'field is required', { field: 'Place' }));
    assert.equal((await readUser(t, chw))?._rev, before?._rev, 'nothing written');
    const moved = await update(chw, { place: 'c1', contact: 'p1' });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual((await readUser(t, chw))?.facility_id, ['c1']);
    assert.deepEqual((await readSettings(t, chw))?.facility_id, ['c1']);
    assert.equal((await readSettings(t, chw))?.contact_id, 'p1');
  });

  it('contact: an existing person within one of the facilities', async () => {
    const chw = await apiUser(t, { roles: ['chw'], place: 'hc1', contact: 'p-chw' });
    assert.deepEqual((await update(chw, { contact: 'nobody' })).json(), { code: 404, error: 'Contact not found [nobody].' });
    assert.deepEqual((await update(chw, { contact: 'c1' })).json().error, keyed('Wrong type, contact is not a person.', 'contact.type.wrong'));
    assert.deepEqual((await update(chw, { contact: 'p-sup' })).json().error, keyed('Contact is not within place.', 'configuration.user.place.contact'));
    const online = await apiUser(t, { roles: ['national_admin'] });
    assert.deepEqual((await update(online, { contact: 'p1' })).json().error, keyed('Contact is not within place.', 'configuration.user.place.contact'));
    assert.equal((await update(chw, { contact: 'p1' })).status, 200, 'p1 is under hc1 (through c1)');
  });

  it('roles: mm-online maintained on both docs; the place and contact docs are never changed', async () => {
    const name = await apiUser(t, { roles: ['chw'], place: 'hc1', contact: 'p-chw' });
    const [hc, person] = [await readDoc(t, 'hc1'), await readDoc(t, 'p-chw')];
    assert.equal((await update(name, { roles: ['national_admin'] })).status, 200);
    assert.deepEqual((await readUser(t, name))?.roles, ['national_admin', 'mm-online']);
    assert.deepEqual((await readSettings(t, name))?.roles, ['national_admin', 'mm-online']);
    assert.equal((await update(name, { type: 'chw' })).status, 200);
    assert.deepEqual((await readUser(t, name))?.roles, ['chw']);
    assert.deepEqual((await update(name, { roles: 'chw' })).json().error, 'Roles must be an array of strings.');
    const stored = await readUser(t, name);
    assert.deepEqual((await update(name, { type: { a: 1 } })).json(), { code: 400, error: 'Roles must be an array of strings.' });
    assert.deepEqual((await update(name, { type: ['national_admin'] })).json(), { code: 400, error: 'Roles must be an array of strings.' });
    assert.deepEqual(await readUser(t, name), stored, 'nothing written');
    assert.equal((await readDoc(t, 'hc1'))?._rev, hc?._rev);
    assert.equal((await readDoc(t, 'p-chw'))?._rev, person?._rev);
  });

  it('password_change_required: set again by an admin password change, false when the request says so', async () => {
    const name = await apiUser(t, { roles: ['national_admin'] });
    assert.equal((await update(name, { password: 'Admin-set-pass-1' })).status, 200);
    assert.equal((await readUser(t, name))?.password_change_required, true);
    assert.equal((await update(name, { password: 'Admin-set-pass-2', password_change_required: false })).status, 200);
    assert.equal((await readUser(t, name))?.password_change_required, false);
  });

  it('a CouchDB server admin password is not changed here', async () => {
    // a server admin of its own (never the shared one), with a user of the same name to update
    const name = await apiUser(t, { roles: ['national_admin'] });
    const admin = `/_node/_local/_config/admins/${name}`;
    const made = await t.couch.put(admin, { json: 'Server-admin-pass-1' });
    assert.equal(made.status, 200, made.text);
    try {
      const res = await update(name, { password: 'Another-pass-9' });
      assert.deepEqual(res.json(), { code: 400, error: 'Admin passwords must be changed manually in the database' });
    } finally {
      assert.equal((await t.couch.delete(admin)).status, 200);
    }
    assert.equal((await update(name, { password: 'Another-pass-9' })).status, 200, 'a plain user again');
  });

  it('the v3 alias behaves the same', async () => {
    const name = await apiUser(t, { roles: ['national_admin'] });
    const res = await t.api.post(`/api/v3/users/${name}`, { json: { fullname: 'Via v3' }, headers: ACCEPT_JSON });
    assert.equal(res.status, 200, res.text);
    assert.equal((await readSettings(t, name))?.fullname, 'Via v3');
  });
});

describe('DELETE /api/v1/users/{username}', () => {
  it('tombstones the _users doc (body kept), marks the user-settings doc inactive, leaves contacts alone', async () => {
    const name = await apiUser(t, { roles: ['chw'], place: 'hc1', contact: 'p-chw' });
    const person = await readDoc(t, 'p-chw');
    const res = await t.api.delete(`/api/v1/users/${name}`, { headers: ACCEPT_JSON });
    assert.equal(res.status, 200, res.text);
    const [users, settings] = res.json() as Json[];
    assert.equal(users?.ok, true);
    assert.equal(users?.id, `org.couchdb.user:${name}`);
    const tomb = await t.couch.get(`/_users/org.couchdb.user:${name}?rev=${users?.rev}`);
    assert.equal(tomb.json()._deleted, true);
    assert.deepEqual(tomb.json().facility_id, ['hc1']);
    const stored = await readSettings(t, name);
    assert.equal(stored?._rev, settings?.rev);
    assert.equal(stored?.inactive, true);
    assert.equal(typeof stored?.deletion_date, 'number');
    assert.equal((await readDoc(t, 'p-chw'))?._rev, person?._rev);
    assert.equal((await t.anonymous.get('/_session', { auth: { user: name, password: PASSWORD } })).status, 401, 'cannot log in any more');
    assert.deepEqual((await t.api.delete(`/api/v1/users/${name}`, { headers: ACCEPT_JSON })).json(), { code: 404, error: 'deleted' });
    assert.deepEqual((await t.api.delete(`/api/v1/users/${uniqueName()}`, { headers: ACCEPT_JSON })).json(), { code: 404, error: 'missing' });
  });

  it('needs can_edit + can_delete_users', async () => {
    const a = await plainUser(t);
    const res = await t.anonymous.delete(`/api/v1/users/${a.user}`, { auth: a, headers: ACCEPT_JSON });
    assert.equal(res.status, 403);
    assert.ok(await readUser(t, a.user));
  });
});
