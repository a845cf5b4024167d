import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser, createOfflineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, hierarchy, readDoc, saveDocs, type Json } from './contacts.test-helper.js';

describe('POST /api/v1/bulk-delete', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, hierarchy());
  });
  after(() => t.stop());

  const del = (ids: string[]) => t.api.post('/api/v1/bulk-delete', { json: { docs: ids.map((_id) => ({ _id })) } });

  // that each batch is sent as soon as it is written: bulk-delete-streaming.test.ts
  it('answers an array of per-batch arrays (50 per batch) as JSON', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `r-${String(i).padStart(3, '0')}`);
    await saveDocs(t, ids.map((_id) => ({ _id, type: 'data_record', form: 'F', kept: _id })));
    const res = await del(ids);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const batches = res.json() as Json[][];
    assert.deepEqual(batches.map((b) => b.length), [50, 50, 20]);
    assert.deepEqual(batches.flat().map((r) => r.id), ids);
    assert.ok(batches.flat().every((r) => r.ok === true && typeof r.rev === 'string'));
    assert.deepEqual(Object.keys(batches[0]?.[0] ?? {}), ['ok', 'id', 'rev']);
    assert.equal(await readDoc(t, 'r-000'), undefined);
    const rev = batches[0]?.[0]?.rev as string;
    const tombstone = (await t.couch.get(`/${t.dbName}/r-000?rev=${rev}`)).json();
    assert.equal(tombstone._deleted, true);
    assert.equal(tombstone.kept, 'r-000', 'deleted docs keep their body');
  });

  it('missing and already deleted ids vanish; nulls the contact of a parent whose primary contact goes', async () => {
    const res = await del(['p1', 'nope', 'r-001']);
    assert.equal(res.status, 200);
    const [batch] = res.json() as Json[][];
    assert.deepEqual(batch?.map((r) => r.id), ['p1', 'c1']);
    const clinic = await readDoc(t, 'c1');
    assert.equal(clinic?.contact, null);
    assert.equal(clinic?._rev, batch?.[1]?.rev);
    assert.equal((await readDoc(t, 'hc1'))?.contact._id, 'p-chw', 'other parents untouched');
  });

  it('a parent deleted in the same batch is not updated', async () => {
    const res = await del(['p-chw', 'hc1']);
    const [batch] = res.json() as Json[][];
    assert.deepEqual(batch?.map((r) => r.id).sort(), ['hc1', 'p-chw']);
    assert.ok(batch?.every((r) => r.ok));
  });

  it('empty docs → []', async () => {
    const res = await del([]);
    assert.equal(res.status, 200);
    assert.equal(res.text, '[]');
  });

  it('400 for bad input and duplicate ids, before anything is deleted', async () => {
    await saveDocs(t, [{ _id: 'keep-me', type: 'data_record' }]);
    const cases: Array<[unknown, string]> = [
      [{}, 'Request body must be {"docs": [{"_id": "…"}, …]}'],
      [{ docs: 'keep-me' }, 'Request body must be {"docs": [{"_id": "…"}, …]}'],
      [{ docs: ['keep-me'] }, 'Request body must be {"docs": [{"_id": "…"}, …]}'],
      [{ docs: [{ _id: 'keep-me' }, { id: 'x' }] }, 'Request body must be {"docs": [{"_id": "…"}, …]}'],
      [{ docs: [{ _id: 'keep-me' }, { _id: 'a' }, { _id: 'keep-me' }] }, 'Duplicate documents when deleting: keep-me'],
      [{ docs: [{ _id: 'keep-me' }, { _id: '_design/medic' }] }, 'Only reserved document ids may start with underscore: _design/medic'],
    ];
    for (const [json, message] of cases) {
      const res = await t.api.post('/api/v1/bulk-delete', { json, headers: ACCEPT_JSON });
      assert.equal(res.status, 400, JSON.stringify(json));
      assert.equal(res.text, JSON.stringify({ code: 400, error: message }));
    }
    assert.ok(await readDoc(t, 'keep-me'));
    assert.ok(await readDoc(t, '_design/medic'), 'design docs are out of reach');
  });

  it('50,000 ids with duplicates: the 400 comes at once', async () => {
    const docs = [...Array.from({ length: 50_000 }, (_, i) => ({ _id: `many-${i}` })), { _id: 'many-3' }, { _id: 'many-49999' }];
    const res = await t.api.post('/api/v1/bulk-delete', { json: { docs }, headers: ACCEPT_JSON });
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'Duplicate documents when deleting: many-3, many-49999');
  });

  it('Content-Type 400, 401, 403 without can_edit and for offline users (the reference: 500 for all)', async () => {
    const body = { docs: [{ _id: 'keep-me' }] };
    const charset = await t.anonymous.post('/api/v1/bulk-delete', { json: body, headers: { ...ACCEPT_JSON, 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(charset.status, 400);
    assert.equal((await t.anonymous.post('/api/v1/bulk-delete', { json: body, headers: ACCEPT_JSON })).status, 401);
    const noPermission = await createCouchUser(t, ['analytics', 'mm-online']);
    const offline = await createOfflineUser(t);
    for (const who of [noPermission, offline]) {
      const res = await t.anonymous.post('/api/v1/bulk-delete', { auth: who, json: body, headers: ACCEPT_JSON });
      assert.equal(res.status, 403);
      assert.equal(res.text, '{"code":403,"error":"Insufficient privileges"}');
    }
    const text = await t.anonymous.post('/api/v1/bulk-delete', { auth: offline, json: body });
    assert.equal(text.text, 'Insufficient privileges', 'the webapp sends no Accept header');
    assert.ok(await readDoc(t, 'keep-me'));
  });
});
