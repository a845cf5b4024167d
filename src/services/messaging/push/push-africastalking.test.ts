/** The background sender against a fake Africa's Talking on loopback (settings spec §6.7; clients.md §3.2). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../../../test/helpers/eventually.js';
import { FakeAfricasTalking } from '../../../../test/helpers/fake-sms-providers.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.js';
import { credential, FAST, seed, task } from './push.test-helper.js';

describe("outgoing push: Africa's Talking", () => {
  let at: FakeAfricasTalking;
  let t: TestServer;

  before(async () => {
    at = await new FakeAfricasTalking().start();
    t = await startTestServer({ env: { ...FAST, AFRICASTALKING_API_URL: at.url } });
    await credential(t, 'africastalking.com:outgoing', 'at-api-key');
    await credential(t, 'africastalking.com:incoming', 'at-in');
  });
  after(async () => {
    await t.stop();
    await at.stop();
  });

  it('sends pending messages with the key, username and sender id, and stores state and ref', async () => {
    const ids = await seed(t, 'at', 3);
    await t.api.put('/api/v1/settings', { json: { sms: { outgoing_service: 'africas-talking', reply_to: '40100', africas_talking: { username: 'medic' } } } });
    await eventually(async () => assert.equal((await task(t, ids[2] as string)).state, 'sent'));
    const sends = at.sends.filter((s) => s.get('message')?.startsWith('at '));
    assert.deepEqual(sends.map((s) => Object.fromEntries(s)), [0, 1, 2].map((i) => ({ username: 'medic', to: `+2547100${10000 + i}`, message: `at ${i}`, from: '40100' })));
    const request = at.received.find((r) => r.path === '/version1/messaging');
    assert.equal(request?.headers.apikey, 'at-api-key');
    assert.equal(request?.headers.accept, 'application/json');
    const sent = await task(t, ids[0] as string);
    assert.equal(sent.state_details, 'Sent');
    assert.match(String(sent.gateway_ref), /^ATXid_/);
    assert.deepEqual(sent.state_history.map((h) => h.state), ['pending', 'forwarded-to-gateway', 'sent']);

    const report = await t.anonymous.post('/api/v1/sms/africastalking/delivery-reports?key=at-in', {
      body: new URLSearchParams({ id: String(sent.gateway_ref), status: 'Success' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.deepEqual(report.json(), { saved: 1 });
    assert.equal((await task(t, ids[0] as string)).state, 'delivered');
  });

  it('retries refusals that sent nothing, and records final failures and denials', async () => {
    at.codes.set('retry 0', [405, 101]);
    at.httpStatus.set('retry 1', [500]);
    at.codes.set('retry 2', [403]);
    at.codes.set('retry 3', [406]);
    const ids = await seed(t, 'retry', 4);
    await eventually(async () => {
      assert.equal((await task(t, ids[0] as string)).state, 'sent');
      assert.equal((await task(t, ids[1] as string)).state, 'sent');
    });
    const retried = await task(t, ids[0] as string);
    assert.deepEqual(retried.state_history.map((h) => h.state), ['pending', 'forwarded-to-gateway', 'sent'], 'a released claim leaves no history');
    assert.equal(at.sends.filter((s) => s.get('message') === 'retry 0').length, 2);
    const failed = await task(t, ids[2] as string);
    assert.deepEqual([failed.state, failed.state_details, failed.gateway_ref], ['failed', 'InvalidPhoneNumber', undefined]);
    assert.equal((await task(t, ids[3] as string)).state, 'denied');
    assert.equal(at.sends.filter((s) => s.get('message') === 'retry 2').length, 1, 'a final failure is not retried');
  });

  // last: it stops this server's sender
  it('lets the send in flight finish and claims nothing more', async () => {
    const release = at.hold();
    const ids = await seed(t, 'stop', 3);
    await eventually(() => assert.equal(at.sends.filter((s) => s.get('message')?.startsWith('stop ')).length, 1));
    const stopping = t.server.services.messaging.push.stop();
    release();
    await stopping;
    const states = await Promise.all(ids.map(async (id) => (await task(t, id)).state));
    assert.deepEqual(states, ['sent', 'pending', 'pending']);
    assert.equal(at.sends.filter((s) => s.get('message')?.startsWith('stop ')).length, 1);
  });
});
