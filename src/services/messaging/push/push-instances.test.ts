/**
 * No message sent twice: two API instances sending from one database, each to its own fake
 * Africa's Talking, so every send is known by the instance that made it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../../../test/helpers/eventually.js';
import { FakeAfricasTalking } from '../../../../test/helpers/fake-sms-providers.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.js';
import { credential, seed, task } from './push.test-helper.js';

describe('outgoing push: two API instances on one database', () => {
  let atA: FakeAfricasTalking;
  let atB: FakeAfricasTalking;
  let a: TestServer;
  let b: TestServer;

  before(async () => {
    atA = await new FakeAfricasTalking().start();
    atB = await new FakeAfricasTalking().start();
    a = await startTestServer({ env: { SMS_PUSH_INTERVAL_MS: '60', AFRICASTALKING_API_URL: atA.url } });
    await credential(a, 'africastalking.com:outgoing', 'key');
    await a.api.put('/api/v1/settings', { json: { sms: { outgoing_service: 'africas-talking', africas_talking: { username: 'medic' } } } });
    const couchUrl = new URL(`/${a.dbName}`, a.server.couchUrl);
    couchUrl.username = encodeURIComponent(a.admin.user);
    couchUrl.password = encodeURIComponent(a.admin.password);
    b = await startTestServer({ dbName: a.dbName, keepData: true, env: { SMS_PUSH_INTERVAL_MS: '60', AFRICASTALKING_API_URL: atB.url, COUCH_URL: couchUrl.toString() } });
  });
  after(async () => {
    await b.stop();
    await a.stop();
    await atA.stop();
    await atB.stop();
  });

  it('both instances send, and each message goes out exactly once', async () => {
    const count = 60;
    // each instance's first send waits until the other one has a send in flight too: they compete
    const releaseA = atA.hold();
    const releaseB = atB.hold();
    const ids = await seed(a, 'twin', count);
    a.server.services.messaging.push.kick();
    b.server.services.messaging.push.kick();
    await eventually(() => {
      assert.equal(atA.sends.length, 1);
      assert.equal(atB.sends.length, 1);
    });
    releaseA();
    releaseB();
    await eventually(async () => {
      const rows = (await a.couch.get(`/${a.dbName}/_design/medic/_view/messages_by_state?startkey=${encodeURIComponent('["sent"]')}&endkey=${encodeURIComponent('["sent",{}]')}`)).json().rows;
      assert.equal(rows.length, count);
    }, { timeoutMs: 30_000 });
    const byA = atA.sends.map((s) => s.get('message'));
    const byB = atB.sends.map((s) => s.get('message'));
    assert.ok(byA.length > 0 && byB.length > 0, `both instances sent (${byA.length} + ${byB.length})`);
    assert.equal(byA.length + byB.length, count, 'one send per message');
    assert.deepEqual(new Set([...byA, ...byB]), new Set(Array.from({ length: count }, (_, i) => `twin ${i}`)));
    for (const id of ids.slice(0, 5)) {
      assert.deepEqual((await task(a, id)).state_history.map((h) => h.state), ['pending', 'forwarded-to-gateway', 'sent']);
    }
  });
});
