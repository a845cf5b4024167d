import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
const ACCEPT = { accept: 'application/json' };

describe("Africa's Talking and RapidPro callbacks", () => {
  let t: TestServer;
  const setCredential = (key: string, value: string) => t.api.put(`/api/v1/credentials/${key}`, { body: value, headers: { 'content-type': 'text/plain' } });
  const byRef = async (ref: unknown) =>
    (await t.couch.post(`/${t.dbName}/_design/medic-sms/_view/messages_by_gateway_ref`, { json: { keys: [ref], include_docs: true } })).json().rows;

  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  describe("Africa's Talking", () => {
    const incoming = (key: string | undefined, body: Record<string, string>) =>
      t.anonymous.post(`/api/v1/sms/africastalking/incoming-messages${key === undefined ? '' : `?key=${encodeURIComponent(key)}`}`, {
        body: new URLSearchParams(body).toString(),
        headers: FORM,
      });
    const report = (body: Record<string, string>) =>
      t.anonymous.post('/api/v1/sms/africastalking/delivery-reports?key=at-in', { body: new URLSearchParams(body).toString(), headers: FORM });

    it('refuses every call until an incoming key is stored, then a wrong or missing key', async () => {
      const none = await incoming('x', { id: 'a', from: '+254700000001', text: 'hi' });
      assert.equal(none.status, 403);
      assert.equal(none.text, '{"code":403,"error":"No incoming key configured"}');
      assert.equal((await setCredential('africastalking.com:incoming', 'at-in')).status, 200);
      for (const key of ['wrong', undefined]) {
        const res = await incoming(key, { id: 'a', from: '+254700000001', text: 'hi' });
        assert.equal(res.status, 403);
        assert.equal(res.json().error, 'Incorrect token');
      }
      assert.equal((await report({ id: 'x', status: 'Success' })).status, 200);
      const wrong = await t.anonymous.post('/api/v1/sms/africastalking/delivery-reports?key=nope', { body: 'id=x&status=Success', headers: FORM });
      assert.equal(wrong.status, 403);
    });

    it('saves an incoming message once: {saved:1}, then {saved:0} for a duplicate or an incomplete one', async () => {
      const body = { from: '+254711111111', to: '12345', text: 'Hello AT', date: '2024-01-01 10:00:00', id: 'at-msg-1', linkId: 'l', networkCode: '63902' };
      const first = await incoming('at-in', body);
      assert.equal(first.status, 200);
      assert.deepEqual(first.json(), { saved: 1 });
      assert.deepEqual((await incoming('at-in', body)).json(), { saved: 0 });
      assert.deepEqual((await incoming('at-in', { id: 'at-msg-2', from: '+254711111111' })).json(), { saved: 0 });
      const rows = await byRef('at-msg-1');
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0].doc.sms_message, { type: 'sms_message', message: 'Hello AT', form: 'HELLO', from: '+254711111111', gateway_ref: 'at-msg-1' });
    });

    it('drops a message whose text or sender was sent twice (a list, not text): {saved:0}', async () => {
      for (const body of ['id=at-twice-1&from=%2B254711111111&text=a&text=b', 'id=at-twice-2&from=%2B254711111111&from=%2B254711111112&text=a']) {
        const res = await t.anonymous.post('/api/v1/sms/africastalking/incoming-messages?key=at-in', { body, headers: FORM });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json(), { saved: 0 });
      }
      assert.deepEqual([(await byRef('at-twice-1')).length, (await byRef('at-twice-2')).length], [0, 0]);
    });

    it('needs a form-encoded body', async () => {
      const res = await t.anonymous.post('/api/v1/sms/africastalking/incoming-messages?key=at-in', { json: { id: 'j', from: '1', text: 'x' }, headers: ACCEPT });
      assert.equal(res.status, 400);
    });

    it('maps delivery reports to states by gateway ref; an unknown status is a 400', async () => {
      const put = await t.couch.put(`/${t.dbName}/at-out`, {
        json: { type: 'data_record', tasks: [{ state: 'sent', gateway_ref: 'ATXid_9', messages: [{ uuid: 'at-uuid', to: '+254700000000', message: 'x' }], state_history: [{ state: 'sent', timestamp: 'x' }] }] },
      });
      assert.equal(put.status, 201);
      assert.deepEqual((await report({ id: 'ATXid_9', status: 'Submitted' })).json(), { saved: 0 }, 'already sent');
      assert.deepEqual((await report({ id: 'ATXid_9', status: 'Failed', failureReason: 'InsufficientCredit' })).json(), { saved: 1 });
      let task = (await t.couch.get(`/${t.dbName}/at-out`)).json().tasks[0];
      assert.equal(task.state, 'failed');
      assert.equal(task.state_details, 'InsufficientCredit');
      assert.equal(task.gateway_ref, 'ATXid_9');
      assert.deepEqual((await report({ id: 'ATXid_9', status: 'Success' })).json(), { saved: 1 });
      task = (await t.couch.get(`/${t.dbName}/at-out`)).json().tasks[0];
      assert.equal(task.state, 'delivered');
      const unknown = await t.anonymous.post('/api/v1/sms/africastalking/delivery-reports?key=at-in', { body: 'id=ATXid_9&status=Lost', headers: FORM });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.json().error, 'Unknown status code: "Lost", gateway message reference: "ATXid_9"');
      assert.deepEqual((await report({ id: 'ATXid_unknown', status: 'Success' })).json(), { saved: 0 });
    });

    it('answers 400 for statuses named like Object.prototype members, and stores nothing', async () => {
      const put = await t.couch.put(`/${t.dbName}/at-proto`, {
        json: { type: 'data_record', tasks: [{ state: 'sent', gateway_ref: 'ATXid_proto', messages: [{ uuid: 'at-proto-uuid', to: '+254700000000', message: 'x' }], state_history: [{ state: 'sent', timestamp: 'x' }] }] },
      });
      assert.equal(put.status, 201);
      for (const status of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
        const res = await report({ id: 'ATXid_proto', status });
        assert.equal(res.status, 400, status);
        assert.equal(res.json().error, `Unknown status code: "${status}", gateway message reference: "ATXid_proto"`);
      }
      const task = (await t.couch.get(`/${t.dbName}/at-proto`)).json().tasks[0];
      assert.deepEqual([task.state, task.state_history.length], ['sent', 1]);
    });
  });

  describe('RapidPro', () => {
    const PATHS = ['/api/v1/sms/radpidpro/incoming-messages', '/api/v2/sms/rapidpro/incoming-messages'];
    const incoming = (path: string, authorization: string | undefined, json: unknown) =>
      t.anonymous.post(path, { json, headers: { ...ACCEPT, ...(authorization ? { authorization } : {}) } });

    it('needs a Token header, a stored incoming key, and the right token', async () => {
      for (const path of PATHS) {
        const missing = await incoming(path, undefined, {});
        assert.equal(missing.status, 403);
        assert.equal(missing.json().error, 'Missing authorization token');
        assert.equal((await incoming(path, 'Bearer x', {})).json().error, 'Missing authorization token');
        const none = await incoming(path, 'Token x', {});
        assert.equal(none.text, '{"code":403,"error":"No incoming key configured"}');
      }
      await setCredential('rapidpro:incoming', 'rp-in');
      const wrong = await incoming(PATHS[1] as string, 'Token nope', {});
      assert.equal(wrong.status, 403);
      assert.equal(wrong.json().error, 'Incorrect token');
    });

    it('saves a message once on both paths; a duplicate or incomplete one is a 400', async () => {
      for (const [i, path] of PATHS.entries()) {
        const body = { id: `run-${i}`, from: '+254722222222', content: `Hi RapidPro ${i}` };
        const res = await incoming(path, 'Token  rp-in', body);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json(), { saved: 1 });
        const dup = await incoming(path, 'Token rp-in', body);
        assert.equal(dup.status, 400);
        assert.equal(dup.text, '{"code":400,"error":"Message was not saved"}');
        assert.equal((await byRef(`run-${i}`)).length, 1);
      }
      assert.equal((await incoming(PATHS[1] as string, 'Token rp-in', { id: 'run-x', from: '+254722222222' })).status, 400);
      for (const body of [{ id: 'run-obj', from: '+254722222222', content: { text: 'hi' } }, { id: { run: 1 }, from: '+254722222222', content: 'hi' }]) {
        const res = await incoming(PATHS[1] as string, 'Token rp-in', body);
        assert.equal(res.text, '{"code":400,"error":"Message was not saved"}');
      }
      assert.equal((await byRef('run-obj')).length, 0);
      assert.equal((await byRef({ run: 1 })).length, 0);
    });
  });
});
