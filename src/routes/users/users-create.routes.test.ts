import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser, createOfflineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, docIds, keyed, PASSWORD, readDoc, readUser, saveDocs, startUsersServer, uniqueName, updateSettings, type Json } from './users.test-helper.js';

let t: TestServer;

before(async () => {
  t = await startUsersServer();
});
after(() => t.stop());

const post = (json: unknown) => t.api.post('/api/v1/users', { json, headers: ACCEPT_JSON });
const online = (extra: Json = {}) => ({ username: uniqueName(), password: PASSWORD, roles: ['national_admin'], ...extra });
const offline = (extra: Json = {}) => ({ username: uniqueName(), password: PASSWORD, roles: ['chw'], place: 'hc1', contact: 'p-chw', ...extra });

/** A 400 (or other) answer with exactly this error, and nothing written: no doc in the main database, no `_users` doc. */
async function refused(body: Json, status: number, error: unknown): Promise<void> {
  const before = await docIds(t);
  const res = await post(body);
  assert.equal(res.status, status, res.text);
  assert.deepEqual(res.json(), { code: status, error });
  assert.deepEqual(await docIds(t), before, 'nothing written to the main database');
  if (typeof body.username === 'string') assert.equal(await readUser(t, body.username), undefined, 'no _users doc');
}


describe('POST /api/v1/users: request rules', () => {
  it('needs exactly Content-Type application/json, before authentication', async () => {
    const res = await t.anonymous.post('/api/v1/users', { body: '{}', headers: { 'content-type': 'application/json; charset=utf-8', ...ACCEPT_JSON } });
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'Content-Type must be application/json');
  });

  it('401 without a session; 403 without can_edit + can_create_users', async () => {
    const anonymous = await t.anonymous.post('/api/v1/users', { json: online(), headers: ACCEPT_JSON });
    assert.equal(anonymous.status, 401);
    const chw = await createOfflineUser(t);
    const res = await t.anonymous.post('/api/v1/users', { auth: chw, json: online(), headers: ACCEPT_JSON });
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"code":403,"error":"Insufficient privileges"}');
  });

  it('a client that does not ask for JSON gets the message as text', async () => {
    const res = await t.api.post('/api/v1/users', { json: { password: PASSWORD, roles: ['national_admin'] } });
    assert.equal(res.status, 400);
    assert.equal(res.text, 'Missing required fields: username');
  });
});

describe('POST /api/v1/users: validation messages (single object)', () => {
  it('missing fields, in order: username, password, type or roles', async () => {
    await refused({}, 400, keyed('Missing required fields: username, password, type or roles', 'fields.required', { fields: 'username, password, type or roles' }));
    await refused({ username: uniqueName(), password: PASSWORD, roles: [] }, 400, keyed('Missing required fields: type or roles', 'fields.required', { fields: 'type or roles' }));
  });

  it('offline roles need place and contact; an empty object counts as missing; `type` overrides roles', async () => {
    const fields = 'place, contact';
    await refused({ ...offline(), place: undefined, contact: { name: '' } }, 400, keyed(`Missing required fields: ${fields}`, 'fields.required', { fields }));
    // a role missing from settings.roles is offline
    await refused({ ...online(), roles: ['not_configured'] }, 400, keyed(`Missing required fields: ${fields}`, 'fields.required', { fields }));
    await refused({ ...online(), roles: ['national_admin'], type: 'chw' }, 400, keyed(`Missing required fields: ${fields}`, 'fields.required', { fields }));
  });

  it('password: at least 8 characters, then a strength score of 50; a number is weak', async () => {
    await refused(online({ password: 'Ab1!' }), 400, keyed('The password must be at least 8 characters long.', 'password.length.minimum', { minimum: 8 }));
    const weak = keyed('The password is too easy to guess. Include a range of types of characters to increase the score.', 'password.weak');
    await refused(online({ password: 'password' }), 400, weak);
    // not a string: no length to be short of, and a score of 0 (the reference's outcome)
    await refused(online({ password: 123456789 }), 400, weak);
  });

  it('user name: lower-case letters, digits, _ and - only; free in _users and in the main database', async () => {
    await refused(
      online({ username: 'Mary Smith' }),
      400,
      keyed('Invalid user name. Valid characters are lower case letters, numbers, underscore (_), and hyphen (-).', 'username.invalid'),
    );
    const inUsers = await createCouchUser(t, ['national_admin']);
    const before = await readUser(t, inUsers.user);
    const res = await post(online({ username: inUsers.user }));
    assert.deepEqual(res.json(), { code: 400, error: keyed(`Username "${inUsers.user}" already taken.`, 'username.taken', { username: inUsers.user }) });
    assert.equal((await readUser(t, inUsers.user))?._rev, before?._rev);
    const inMedic = uniqueName();
    await saveDocs(t, [{ _id: `org.couchdb.user:${inMedic}`, name: inMedic, type: 'user-settings', roles: [] }]);
    await refused(online({ username: inMedic }), 400, keyed(`Username "${inMedic}" already taken.`, 'username.taken', { username: inMedic }));
  });

  it('roles must be a list of strings', async () => {
    await refused(online({ roles: 'national_admin' }), 400, 'Roles must be an array of strings.');
  });

  it('a `type` that is not a string is one role, refused: never "[object Object]", never the roles of a list', async () => {
    await refused(online({ type: { a: 1 } }), 400, 'Roles must be an array of strings.');
    await refused(online({ type: ['national_admin'] }), 400, 'Roles must be an array of strings.');
    await refused(online({ type: 7 }), 400, 'Roles must be an array of strings.');
  });

  it('place: an unknown id is 404; an array or an invalid new place keeps the places messages', async () => {
    await refused(offline({ place: 'nowhere' }), 404, 'Failed to find place.');
    await refused(offline({ place: ['hc1'] }), 400, 'Wrong type, object  is not a place.');
    await refused(offline({ place: { type: 'health_center', parent: 'dh1' }, contact: { name: 'C' } }), 400, 'Place  is missing a "name" property.');
    await refused(
      offline({ place: { name: 'Orphan HC', type: 'health_center' }, contact: { name: 'C' } }),
      400,
      'Place  is missing a "parent" property.',
    );
  });

  it('contact: must be a person inside the place; an unknown id is 404', async () => {
    await refused(offline({ contact: 'c1' }), 400, keyed('Wrong type, contact is not a person.', 'contact.type.wrong'));
    await refused(offline({ contact: 'p-sup' }), 400, keyed('Contact is not within place.', 'configuration.user.place.contact'));
    await refused(online({ contact: 'p-chw' }), 400, keyed('Contact is not within place.', 'configuration.user.place.contact'));
    // a new contact with its own parent always fails in the reference (§2.13.6 step 3)
    await refused(offline({ contact: { name: 'New', parent: 'hc1' } }), 400, keyed('Contact is not within place.', 'configuration.user.place.contact'));
    await refused(offline({ contact: 'nobody' }), 404, 'Failed to find person.');
    await refused(offline({ contact: { name: 42 } }), 400, 'Property "name" must be a string.');
  });

  it('an existing person or place given as an object with `_rev` is refused, never overwritten (§2.5 step 4, §2.13.6 steps 2 and 4)', async () => {
    const id = uniqueName('p-given');
    const revs = await saveDocs(t, [{ _id: id, type: 'person', name: 'Stored', parent: { _id: 'hc1', parent: { _id: 'dh1' } } }]);
    const stored = await readDoc(t, id);
    await refused(offline({ contact: { ...stored, name: 'Overwritten' } }), 400, 'Person must be a new object or string identifier (UUID).');
    // the step 3 checks come first
    await refused(offline({ place: 'c1', contact: { ...stored, name: 'Overwritten' } }), 400, keyed('Contact is not within place.', 'configuration.user.place.contact'));
    await refused(offline({ contact: { name: 'New', _rev: '1-x' } }), 400, 'Person must be a new object or string identifier (UUID).');
    assert.deepEqual(await readDoc(t, id), stored);
    assert.equal(stored?._rev, revs[id]);

    const hc = await readDoc(t, 'hc1');
    await refused(offline({ place: { ...hc, name: 'Renamed HC' }, contact: { name: 'C' } }), 400, 'Place must be a new object or string identifier (UUID).');
    assert.deepEqual(await readDoc(t, 'hc1'), hc);
  });

  it('nothing is written when the contact fails after a new place and its new parents were planned', async () => {
    await refused(
      offline({ place: { name: 'New HC', type: 'health_center', parent: { name: 'New DH', type: 'district_hospital' } }, contact: { name: 7 } }),
      400,
      'Property "name" must be a string.',
    );
  });
});

describe('POST /api/v1/users: arrays', () => {
  it('answers 200 with one element per user, in order; missing fields are plain strings, keyed errors objects', async () => {
    const ok = online();
    const taken = await createCouchUser(t, ['national_admin']);
    const res = await post([ok, {}, online({ password: 'short1!' }), online({ username: taken.user }), offline({ place: 'nowhere' }), online({ username: 'Bad' })]);
    assert.equal(res.status, 200, res.text);
    const body = res.json() as Json[];
    assert.equal(body.length, 6);
    assert.equal(body[0]?.user.id, `org.couchdb.user:${ok.username}`);
    assert.deepEqual(body.slice(1), [
      { error: 'Missing required fields: username, password, type or roles' },
      { error: keyed('The password must be at least 8 characters long.', 'password.length.minimum', { minimum: 8 }) },
      { error: keyed(`Username "${taken.user}" already taken.`, 'username.taken', { username: taken.user }) },
      { error: 'Failed to find place.' },
      { error: keyed('Invalid user name. Valid characters are lower case letters, numbers, underscore (_), and hyphen (-).', 'username.invalid') },
    ]);
  });

  it('the same name twice: the first wins, whatever the concurrency', async () => {
    const name = uniqueName();
    const res = await post([online({ username: name, fullname: 'First' }), online({ username: name, fullname: 'Second' })]);
    const [first, second] = res.json() as Json[];
    assert.ok(first?.user, JSON.stringify(first));
    assert.deepEqual(second, { error: keyed(`Username "${name}" already taken.`, 'username.taken', { username: name }) });
  });

  it('one oidc_username twice: the first is created, the second gets user.sso.username.duplicate, as in a sequential run', async () => {
    await updateSettings(t, { oidc_provider: { client_id: 'cht', discovery_url: 'https://idp.example.org' } });
    try {
      const oidc = `${uniqueName('oidc')}@example.org`;
      const [a, b] = [uniqueName(), uniqueName()];
      const res = await post([a, b].map((username) => ({ username, roles: ['national_admin'], oidc_username: oidc })));
      const [first, second] = res.json() as Json[];
      assert.equal(first?.user?.id, `org.couchdb.user:${a}`, res.text);
      assert.deepEqual(second, { error: keyed(`The oidc_username [${oidc}] already exists for user [org.couchdb.user:${a}].`, 'user.sso.username.duplicate') });
      assert.equal(await readUser(t, b), undefined);
    } finally {
      await updateSettings(t, { oidc_provider: null });
    }
  });

  it('a row may use a place that an earlier row creates with its own _id', async () => {
    const placeId = uniqueName('hc');
    const res = await post([
      offline({ place: { _id: placeId, name: 'Made by row 1', type: 'health_center', parent: 'dh1' }, contact: { name: 'Row 1' } }),
      offline({ place: placeId, contact: { name: 'Row 2' } }),
    ]);
    const body = res.json() as Json[];
    assert.ok(body[0]?.user && body[1]?.user, res.text);
  });
});
