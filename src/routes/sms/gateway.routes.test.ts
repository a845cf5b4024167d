import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import { rawRequest, type Credentials } from '../../../test/helpers/http-client.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser, createOnlineUser } from '../../../test/helpers/users.js';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

describe('POST /api/sms (cht-gateway protocol details)', () => {
  let t: TestServer;
  let gatewayUser: Credentials;
  let n = 0;

  const post = (json: unknown, headers: Record<string, string> = JSON_HEADERS) => t.anonymous.post('/api/sms', { auth: gatewayUser, json, headers });
  const doc = async (id: string) => (await t.couch.get(`/${t.dbName}/${id}`)).json();
  /** A record with one pending message; returns the doc id and message uuid. */
  const pending = async (task: Record<string, unknown> = {}) => {
    n += 1;
    const id = `out-${n}`;
    const uuid = `uuid-${n}`;
    const res = await t.couch.put(`/${t.dbName}/${id}`, {
      json: { type: 'data_record', reported_date: n, tasks: [{ state: 'pending', messages: [{ uuid, to: '+254712345678', message: `m${n}` }], ...task }] },
    });
    assert.equal(res.status, 201);
    return { id, uuid };
  };

  before(async () => {
    t = await startTestServer();
    gatewayUser = await createCouchUser(t, ['gateway']);
  });
  beforeEach(async () => {
    await t.api.put('/api/v1/settings?replace=1', { json: { sms: { outgoing_service: 'medic-gateway' } } });
  });
  after(() => t.stop());

  it('answers {messages: []} for an empty body, and null lists are empty', async () => {
    await t.api.put('/api/v1/settings?replace=1', { json: { sms: { outgoing_service: 'none' } } });
    for (const body of [{}, [], { messages: [], updates: [] }, { messages: null, updates: null }]) {
      const res = await post(body);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { messages: [] });
    }
  });

  it('refuses a list that is not an array with 400', async () => {
    const res = await post({ messages: 'nope' });
    assert.equal(res.status, 400);
    assert.equal(res.text, '{"code":400,"error":"Invalid messages: expected an array"}');
    assert.equal((await post({ updates: {} })).status, 400);
  });

  it('needs Content-Type exactly application/json, before authentication', async () => {
    const res = await t.anonymous.post('/api/sms', { body: '{}', headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' } });
    assert.equal(res.status, 400);
    assert.equal(res.json().error, 'Content-Type must be application/json');
  });

  it('needs can_access_gateway_api', async () => {
    const online = await createOnlineUser(t);
    const res = await t.anonymous.post('/api/sms', { auth: online, json: {}, headers: JSON_HEADERS });
    assert.equal(res.status, 403);
    assert.equal((await t.anonymous.get('/api/sms', { auth: online, headers: JSON_HEADERS })).status, 403);
    assert.equal((await t.anonymous.post('/api/sms', { json: {}, headers: JSON_HEADERS })).status, 401);
  });

  it('inflates a gzip-encoded body', async () => {
    const body = gzipSync(JSON.stringify({ messages: [{ id: 'gz-1', from: '+254700000001', content: 'zipped' }] }));
    const auth = `Basic ${Buffer.from(`${gatewayUser.user}:${gatewayUser.password}`).toString('base64')}`;
    const res = await rawRequest(t.url, 'POST', '/api/sms', { ...JSON_HEADERS, 'content-encoding': 'gzip', 'content-length': String(body.length), authorization: auth }, body as unknown as string);
    assert.equal(res.status, 200, res.text);
    const rows = (await t.couch.post(`/${t.dbName}/_design/medic-sms/_view/messages_by_gateway_ref`, { json: { keys: ['gz-1'] } })).json().rows;
    assert.equal(rows.length, 1);
  });

  it('silently drops incomplete incoming messages and ignores sms_sent/sms_received', async () => {
    const res = await post({
      messages: [
        { id: 'inc-1', from: '+254700000002', content: 'ok', sms_sent: 1, sms_received: 2 },
        { from: '+254700000002', content: 'no id' },
        { id: 'inc-2', from: '+254700000002', content: '' },
        { id: 'inc-3', content: 'no from' },
      ],
    });
    assert.equal(res.status, 200);
    const rows = (await t.couch.post(`/${t.dbName}/_design/medic-sms/_view/messages_by_gateway_ref`, { json: { keys: ['inc-1', 'inc-2', 'inc-3'], include_docs: true } })).json().rows;
    assert.deepEqual(rows.map((r: { key: string }) => r.key), ['inc-1']);
    const saved = rows[0].doc;
    assert.notEqual(saved.reported_date, 2);
    assert.deepEqual(saved.sms_message, { type: 'sms_message', message: 'ok', form: 'OK', from: '+254700000002', gateway_ref: 'inc-1' });
  });

  it('drops incoming messages whose id, content or from is not text, like incomplete ones', async () => {
    const docCount = async () => (await t.couch.get(`/${t.dbName}`)).json().doc_count as number;
    const before = await docCount();
    const res = await post({
      messages: [
        { id: 'obj-1', from: '+254700000004', content: { text: 'hi' } },
        { id: 'obj-2', from: { number: '+254700000004' }, content: 'hi' },
        { id: { ref: 'obj-3' }, from: '+254700000004', content: 'hi' },
        { id: 'obj-4', from: '+254700000004', content: ['hi'] },
        { id: 'obj-5', from: '+254700000004', content: 42 },
        { id: 'obj-6', from: 254700000004, content: 'hi' },
        { id: ['obj-7'], from: '+254700000004', content: 'hi' },
      ],
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { messages: [] });
    assert.equal(await docCount(), before, 'nothing saved');

    assert.equal((await post({ messages: [{ id: 4711, from: '+254700000004', content: 'numeric id' }] })).status, 200);
    const rows = (await t.couch.post(`/${t.dbName}/_design/medic-sms/_view/messages_by_gateway_ref`, { json: { keys: [4711], include_docs: true } })).json().rows;
    assert.equal(rows.length, 1, 'a numeric id is still an id');
    assert.equal(rows[0].doc.sms_message.message, 'numeric id');
  });

  it('drops an incoming id already used as the gateway ref of an outgoing task', async () => {
    await pending({ state: 'sent', gateway_ref: 'shared-ref' });
    await post({ messages: [{ id: 'shared-ref', from: '+254700000003', content: 'dup' }] });
    const rows = (await t.couch.post(`/${t.dbName}/_design/medic-sms/_view/messages_by_gateway_ref`, { json: { keys: ['shared-ref'] } })).json().rows;
    assert.equal(rows.length, 1);
  });

  it('maps statuses: UNSENT, FAILED with its reason, unknown ones; skips unknown ids; wipes gateway_ref', async () => {
    const a = await pending({ gateway_ref: 'old-ref' });
    const b = await pending();
    const c = await pending();
    await t.api.put('/api/v1/settings?replace=1', { json: { sms: { outgoing_service: 'none' } } });
    const res = await post({
      updates: [
        { id: a.uuid, status: 'UNSENT' },
        { id: b.uuid, status: 'FAILED', reason: 'no credit' },
        { id: b.uuid, status: 'FAILED', reason: 'no credit' },
        { id: c.uuid, status: 'BOGUS' },
        { id: 'no-such-message', status: 'SENT' },
      ],
    });
    assert.equal(res.status, 200);
    const ta = (await doc(a.id)).tasks[0];
    assert.equal(ta.state, 'received-by-gateway');
    assert.equal('gateway_ref' in ta, false);
    const tb = (await doc(b.id)).tasks[0];
    assert.equal(tb.state, 'failed');
    assert.deepEqual(tb.state_details, { reason: 'no credit' });
    assert.equal(tb.state_history.length, 2, 'object details always apply again');
    const tc = (await doc(c.id)).tasks[0];
    assert.equal(tc.state, 'unrecognised');
    assert.deepEqual(tc.state_details, { gateway_status: 'BOGUS' });
  });

  it('an update whose status is named like an Object.prototype member is unrecognised', async () => {
    await t.api.put('/api/v1/settings?replace=1', { json: { sms: { outgoing_service: 'none' } } });
    const statuses = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
    const messages = [];
    for (const status of statuses) messages.push({ ...(await pending()), status });
    const res = await post({ updates: messages.map((m) => ({ id: m.uuid, status: m.status })) });
    assert.equal(res.status, 200);
    for (const m of messages) {
      const task = (await doc(m.id)).tasks[0];
      assert.equal(task.state, 'unrecognised', m.status);
      assert.deepEqual(task.state_details, { gateway_status: m.status });
    }
  });

  it('offers outgoing messages only when medic-gateway is the outgoing service (or sms is absent)', async () => {
    const m = await pending();
    await t.api.put('/api/v1/settings?replace=1', { json: { sms: { duplicate_limit: 5 } } });
    assert.deepEqual((await post({})).json(), { messages: [] });
    assert.equal((await doc(m.id)).tasks[0].state, 'pending');
    await t.api.put('/api/v1/settings?overwrite=1', { json: { roles: { gateway: { name: 'usertype.gateway' } } } }); // no sms key at all
    const offered = (await post({})).json().messages;
    assert.ok(offered.some((x: { id: string }) => x.id === m.uuid));
    assert.equal((await doc(m.id)).tasks[0].state, 'forwarded-to-gateway');
    const again = (await post({})).json().messages;
    assert.ok(again.some((x: { id: string }) => x.id === m.uuid), 'offered again until the gateway reports on it');
    assert.equal((await doc(m.id)).tasks[0].state_history.length, 1, 'no duplicate history for an already forwarded message');
  });
});
