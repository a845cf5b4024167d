import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createOfflineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, hierarchy, saveDocs, type Json } from './contacts.test-helper.js';

const FIREWALL = '{"code":403,"error":"forbidden","details":"Offline users are not allowed access to this endpoint"}';

describe('GET/POST /api/v1/hydrate', () => {
  let t: TestServer;
  let revs: Record<string, string>;
  const docs = new Map(hierarchy().map((d) => [d._id as string, d]));
  const stored = (id: string): Json => ({ ...docs.get(id), _rev: revs[id] });
  const report = {
    _id: 'r1', type: 'data_record', form: 'visit', reported_date: 10,
    contact: { _id: 'p-chw', parent: { _id: 'hc1', parent: { _id: 'dh1' } } },
    fields: { patient_id: '11111', place_id: 'c1' },
  };
  const plain = { _id: 'form:visit', type: 'form', internalId: 'visit' };

  before(async () => {
    t = await startTestServer();
    revs = await saveDocs(t, [...docs.values(), report, plain]);
  });
  after(() => t.stop());

  it('GET ?doc_ids=[…] (JSON) answers in the requested order, with not_found entries', async () => {
    const res = await t.api.get(`/api/v1/hydrate?doc_ids=${encodeURIComponent('["p1","missing","form:visit"]')}`);
    assert.equal(res.status, 200);
    const body = res.json();
    assert.deepEqual(body.map((e: Json) => e.id), ['p1', 'missing', 'form:visit']);
    assert.deepEqual(body[1], { id: 'missing', error: 'not_found' });
    assert.deepEqual(body[2], { id: 'form:visit', doc: { ...plain, _rev: revs['form:visit'] } }, 'other docs as they are');
    assert.deepEqual(body[0].doc, {
      ...stored('p1'),
      parent: { ...stored('c1'), contact: stored('p1'), parent: { ...stored('hc1'), contact: stored('p-chw'), parent: { ...stored('dh1'), contact: stored('p-sup') } } },
    });
  });

  it('one id, qs arrays (doc_ids[]=…), a missing single id', async () => {
    const one = (await t.api.get('/api/v1/hydrate?doc_ids=["hc1"]')).json();
    assert.deepEqual(one, [{ id: 'hc1', doc: { ...stored('hc1'), contact: stored('p-chw'), parent: { ...stored('dh1'), contact: stored('p-sup') } } }]);
    const qs = (await t.api.get('/api/v1/hydrate?doc_ids[]=p-sup&doc_ids[]=dh1')).json();
    assert.deepEqual(qs.map((e: Json) => e.doc._id), ['p-sup', 'dh1']);
    assert.deepEqual((await t.api.get('/api/v1/hydrate?doc_ids=["gone"]')).json(), [{ id: 'gone', error: 'not_found' }]);
    assert.deepEqual((await t.api.get('/api/v1/hydrate?doc_ids=[]')).json(), []);
  });

  it('reports: contact with lineage, patient by shortcode, place by uuid', async () => {
    const [entry] = (await t.api.post('/api/v1/hydrate', { json: { doc_ids: ['r1'] } })).json();
    assert.deepEqual(entry.doc.contact, { ...stored('p-chw'), parent: { ...stored('hc1'), contact: stored('p-chw'), parent: { ...stored('dh1'), contact: stored('p-sup') } } });
    assert.equal(entry.doc.patient._id, 'p1');
    assert.equal(entry.doc.patient.parent.parent.name, 'Health Center One');
    assert.equal(entry.doc.place._id, 'c1');
    assert.deepEqual(entry.doc.place.contact, stored('p1'));
    assert.deepEqual(entry.doc.fields, report.fields);
  });

  it('POST reads the body; the query wins over it', async () => {
    const body = (await t.api.post('/api/v1/hydrate', { json: { doc_ids: ['dh1', 'p1'] } })).json();
    assert.deepEqual(body.map((e: Json) => e.id), ['dh1', 'p1']);
    const both = (await t.api.post('/api/v1/hydrate?doc_ids=["p-sup"]', { json: { doc_ids: ['dh1'] } })).json();
    assert.deepEqual(both.map((e: Json) => e.id), ['p-sup']);
  });

  it('400 {error, reason} when doc_ids is not an array, always JSON', async () => {
    const expected = { error: 'bad_request', reason: '`doc_ids` parameter must be a json array.' };
    for (const res of [
      await t.api.get('/api/v1/hydrate'),
      await t.api.get('/api/v1/hydrate?doc_ids=p1'),
      await t.api.get('/api/v1/hydrate?doc_ids={"a":1}'),
      await t.api.post('/api/v1/hydrate', { json: { doc_ids: 'p1' } }),
      await t.api.post('/api/v1/hydrate', { body: 'doc_ids=p1', headers: { 'content-type': 'text/plain' } }),
    ]) {
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(res.json(), expected);
    }
  });

  it('401 for no session; the firewall 403 (JSON whatever Accept says) for offline users', async () => {
    const anon = await t.anonymous.get('/api/v1/hydrate?doc_ids=["p1"]', { headers: ACCEPT_JSON });
    assert.equal(anon.status, 401);
    assert.equal(anon.headers.get('logout-authorization'), 'CHT-Core API');
    const offline = await createOfflineUser(t);
    for (const res of [
      await t.anonymous.get('/api/v1/hydrate?doc_ids=["p1"]', { auth: offline, headers: { accept: 'text/plain' } }),
      await t.anonymous.post('/api/v1/hydrate', { auth: offline, json: { doc_ids: ['p1'] } }),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(res.text, FIREWALL);
    }
  });
});
