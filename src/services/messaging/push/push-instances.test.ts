/** No message sent twice: two API instances sending from one database to a fake Africa's Talking. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../../../test/helpers/eventually.js';
import { FakeAfricasTalking } from '../../../../test/helpers/fake-sms-providers.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.js';
import { credential, seed, task } from './push.test-helper.js';

describe('outgoing push: two API instances on one database', () => {
  let at: FakeAfricasTalking;
  let a: TestServer;
  let b: TestServer;

  before(async () => {
    at = await new FakeAfricasTalking().start();
    at.delayMs = 5; // slow enough for the two senders' cycles to overlap
    a = await startTestServer({ env: { SMS_PUSH_INTERVAL_MS: '60', AFRICASTALKING_API_URL: at.url } });
    await credential(a, 'africastalking.com:outgoing', 'key');
    await a.api.put('/api/v1/settings', { json: { sms: { outgoing_service: 'africas-talking', africas_talking: { username: 'medic' } } } });
    const couchUrl = new URL(`/${a.dbName}`, a.server.couchUrl);
    couchUrl.username = encodeURIComponent(a.admin.user);
    couchUrl.password = encodeURIComponent(a.admin.password);
    b = await startTestServer({ dbName: a.dbName, keepData: true, env: { SMS_PUSH_INTERVAL_MS: '60', AFRICASTALKING_API_URL: at.url, COUCH_URL: couchUrl.toString() } });
  });
  after(async () => {
    await b.stop();
    await a.stop();
    await at.stop();
  });

  it('sends each message exactly once', async () => {
    const count = 60;
    const ids = await seed(a, 'twin', count);
    a.server.services.messaging.push.kick();
    b.server.services.messaging.push.kick();
    await eventually(async () => {
      const rows = (await a.couch.get(`/${a.dbName}/_design/medic/_view/messages_by_state?startkey=${encodeURIComponent('["sent"]')}&endkey=${encodeURIComponent('["sent",{}]')}`)).json().rows;
      assert.equal(rows.length, count);
    }, { timeoutMs: 30_000 });
    const texts = at.sends.map((s) => s.get('message'));
    assert.equal(texts.length, count, 'one send per message');
    assert.equal(new Set(texts).size, count);
    for (const id of ids.slice(0, 5)) {
      assert.deepEqual((await task(a, id)).state_history.map((h) => h.state), ['pending', 'forwarded-to-gateway', 'sent']);
    }
  });
});
