import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest } from '../../../test/helpers/http-client.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser, createOnlineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, apiUser, hierarchy, PASSWORD, saveDocs, uniqueName, updateSettings, type Json } from './users.test-helper.js';

let t: TestServer;
let chw: string;
const run = uniqueName('run');
const HC = `${run}-hc`;
const CLINIC = `${run}-clinic`;
const lineage = { _id: HC, parent: { _id: 'dh1' } };

before(async () => {
  t = await startTestServer();
  await saveDocs(t, [
    ...hierarchy(),
    { _id: HC, type: 'health_center', name: 'HC', parent: { _id: 'dh1' }, reported_date: 1 },
    { _id: CLINIC, type: 'clinic', name: 'Clinic', parent: lineage, reported_date: 1 },
    { _id: `${run}-chw`, type: 'person', name: 'CHW', parent: lineage, reported_date: 1 },
    { _id: `${run}-mother`, type: 'person', name: 'Mother', patient_id: `${run}-1`, parent: { _id: CLINIC, parent: lineage }, reported_date: 1 },
    // reports: about the mother (shortcode in fields), about the clinic (uuid), by the CHW without a subject, and one elsewhere
    { _id: `${run}-r1`, type: 'data_record', form: 'P', fields: { patient_id: `${run}-1` }, contact: { _id: `${run}-chw` }, reported_date: 1 },
    { _id: `${run}-r2`, type: 'data_record', form: 'V', fields: { place_uuid: CLINIC }, reported_date: 1 },
    { _id: `${run}-r3`, type: 'data_record', form: 'S', fields: {}, contact: { _id: `${run}-chw`, parent: lineage }, reported_date: 1 },
    { _id: `${run}-r4`, type: 'data_record', form: 'P', fields: { patient_id: '11111' }, contact: { _id: 'p-sup' }, reported_date: 1 },
  ]);
  chw = await apiUser(t, { roles: ['chw'], place: HC, contact: `${run}-chw` });
  await saveDocs(t, [
    { _id: `${run}-task`, type: 'task', user: `org.couchdb.user:${chw}`, owner: `${run}-mother` },
    { _id: `${run}-other-task`, type: 'task', user: 'org.couchdb.user:someone-else', owner: `${run}-mother` },
  ]);
});
after(() => t.stop());

const info = (query: string, auth = t.admin) => t.anonymous.get(`/api/v1/users-info${query}`, { auth, headers: ACCEPT_JSON });
const asChw = () => ({ user: chw, password: PASSWORD });

describe('GET /api/v1/users-info', () => {
  it('an offline caller gets their own count (query ignored): subtree contacts, their reports, tasks, settings doc, medic-client', async () => {
    const res = await info('?role=nonsense', asChw());
    assert.equal(res.status, 200, res.text);
    // 4 contacts + 3 reports + 1 task + the settings doc + _design/medic-client
    assert.deepEqual(res.json(), { total_docs: 10, warn_docs: 9, warn: false, limit: 10000 });
  });

  it('replication_depth cuts the subtree (and the reports about what is cut)', async () => {
    await updateSettings(t, { replication_depth: [{ role: 'chw', depth: 1 }] });
    try {
      // HC, clinic and CHW (depth ≤ 1); r1 (about the mother, cut, but submitted by the CHW), r2 (clinic), r3 (by the CHW); task; settings; medic-client
      assert.deepEqual((await info('', asChw())).json(), { total_docs: 9, warn_docs: 8, warn: false, limit: 10000 });
    } finally {
      await updateSettings(t, { replication_depth: [] });
    }
  });

  it('an online caller asks for a role and a facility: no tasks and no settings doc counted', async () => {
    const res = await info(`?facility_id=${HC}&role=${encodeURIComponent('["chw"]')}&contact_id=${run}-chw`);
    assert.deepEqual(res.json(), { total_docs: 8, warn_docs: 8, warn: false, limit: 10000 });
    assert.deepEqual((await info(`?facility_id=${HC}&role=chw`)).json(), res.json(), 'a role that is not JSON is one role');
  });

  it('online callers: query errors, and can_update_users required', async () => {
    const missing = 'Missing required query params: role and/or facility_id';
    assert.deepEqual((await info('')).json(), { code: 400, error: missing });
    assert.deepEqual((await info('?role=chw')).json(), { code: 400, error: missing });
    assert.deepEqual((await info(`?facility_id=${HC}&role=${encodeURIComponent('{"a":1}')}`)).json(), { code: 400, error: 'Role parameter must be either a string or a JSON encoded array' });
    assert.deepEqual((await info(`?facility_id=${HC}&role=${encodeURIComponent('["chw",3]')}`)).json(), { code: 400, error: 'All roles should be strings' });
    for (const role of ['mm-online', 'admin', '_admin']) {
      assert.deepEqual((await info(`?facility_id=${HC}&role=${encodeURIComponent(JSON.stringify(['chw', role]))}`)).json(), { code: 400, error: 'Provided role is not offline' });
    }
    const noPermission = await createCouchUser(t, ['data_entry', 'mm-online']);
    assert.deepEqual((await info(`?facility_id=${HC}&role=chw`, noPermission)).json(), { code: 403, error: 'Insufficient privileges' });
    assert.equal((await info(`?facility_id=${HC}&role=chw`, await createOnlineUser(t))).status, 200);
    const anonymous = await t.anonymous.get('/api/v1/users-info', { headers: ACCEPT_JSON });
    assert.equal(anonymous.text, '{"code":401,"error":"unauthorized"}');
  });
});

describe('GET /api/v1/users-doc-count', () => {
  it('lists the replication-count log docs users-info wrote; ?user= gives that one doc', async () => {
    await info('', asChw());
    const all = await t.api.get('/api/v1/users-doc-count', { headers: ACCEPT_JSON });
    assert.equal(all.status, 200);
    const doc = (all.json().users as Json[]).find((d) => d.user === chw);
    assert.equal(all.json().limit, 10000);
    assert.equal(doc?._id, `replication-count-${chw}`);
    assert.equal(doc?.count, 10);
    assert.equal(typeof doc?.date, 'number');
    const one = await t.api.get(`/api/v1/users-doc-count?user=${chw}`, { headers: ACCEPT_JSON });
    assert.deepEqual(one.json(), { limit: 10000, users: doc });
    assert.deepEqual((await t.api.get(`/api/v1/users-doc-count?user=${uniqueName()}`, { headers: ACCEPT_JSON })).json(), { code: 404, error: 'missing' });
  });

  it('admins only: 403 `User is not an admin`, and the Basic prompt without credentials', async () => {
    const online = await createOnlineUser(t);
    const forbidden = await t.anonymous.get('/api/v1/users-doc-count', { auth: online, headers: ACCEPT_JSON });
    assert.deepEqual(forbidden.json(), { code: 403, error: 'User is not an admin' });
    const res = await rawRequest(t.url, 'GET', '/api/v1/users-doc-count', { accept: 'application/json' });
    assert.equal(res.status, 401);
    assert.equal(res.text, 'not logged in');
    assert.equal(res.headers['www-authenticate'], 'Basic realm="Medic Web Services"');
  });
});
