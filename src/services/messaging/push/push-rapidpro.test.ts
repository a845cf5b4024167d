/** The background sender and status polling against a fake RapidPro on loopback (settings spec §6.7; clients.md §3.3). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeRapidPro } from '../../../../test/helpers/fake-sms-providers.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.js';
import { credential, seed, task } from './push.test-helper.js';

describe('outgoing push: RapidPro', () => {
  let rp: FakeRapidPro;
  let t: TestServer;
  /** Cycles are run by hand here: the timer waits an hour. */
  const cycle = () => t.server.services.messaging.push.runOnce();

  before(async () => {
    rp = await new FakeRapidPro().start();
    t = await startTestServer({ env: { SMS_PUSH_INTERVAL_MS: '3600000' } });
    await credential(t, 'rapidpro:outgoing', 'rp-token');
    await t.api.put('/api/v1/settings', { json: { sms: { outgoing_service: 'rapidpro', rapidpro: { url: `${rp.url}/` } } } });
  });
  after(async () => {
    await t.stop();
    await rp.stop();
  });

  it('broadcasts, keeps the broadcast id, and polls until a final state', async () => {
    rp.refuse.set('rp 2', 400);
    const ids = await seed(t, 'rp', 3);
    await cycle();
    const broadcast = rp.received.find((r) => r.path === '/api/v2/broadcasts.json');
    assert.equal(broadcast?.headers.authorization, 'Token rp-token');
    assert.equal(broadcast?.headers['content-type'], 'application/json');
    assert.deepEqual(rp.broadcasts, [
      { urns: ['tel:+254710010000'], text: 'rp 0' },
      { urns: ['tel:+254710010001'], text: 'rp 1' },
      { urns: ['tel:+254710010002'], text: 'rp 2' },
    ]);
    const first = await task(t, ids[0] as string);
    assert.deepEqual([first.state, first.state_details, typeof first.gateway_ref], ['received-by-gateway', 'Queued', 'number']);
    const refused = await task(t, ids[2] as string);
    assert.deepEqual([refused.state, refused.gateway_ref], ['failed', undefined]);
    assert.deepEqual(rp.polls.sort(), [String(first.gateway_ref), String((await task(t, ids[1] as string)).gateway_ref)].sort(), 'polled in the same cycle');

    rp.statuses.set(first.gateway_ref as number, 'wired');
    await cycle();
    assert.equal((await task(t, ids[0] as string)).state, 'forwarded-by-gateway');
    rp.statuses.set(first.gateway_ref as number, 'delivered');
    await cycle();
    assert.equal((await task(t, ids[0] as string)).state, 'delivered');
    await cycle();
    assert.equal(rp.polls.filter((p) => p === String(first.gateway_ref)).length, 3, 'a delivered message is not polled any more');
    assert.deepEqual((await task(t, ids[1] as string)).state_history.map((h) => h.state), ['pending', 'forwarded-to-gateway', 'received-by-gateway'], 'repeated polls of one status add no history');
    assert.equal(rp.broadcasts.filter((b) => b.text === 'rp 2').length, 1, 'a refused broadcast is not retried');
  });

  it('reads a status named like an Object.prototype member as unknown (queued)', async () => {
    const [id] = await seed(t, 'proto', 1);
    await cycle();
    const ref = (await task(t, id as string)).gateway_ref as number;
    for (const status of ['constructor', 'toString', '__proto__']) {
      rp.statuses.set(ref, status);
      await cycle();
      const polled = await task(t, id as string);
      assert.deepEqual([polled.state, polled.state_details], ['received-by-gateway', 'Queued'], status);
      assert.deepEqual(polled.state_history.map((h) => h.state), ['pending', 'forwarded-to-gateway', 'received-by-gateway']);
    }
  });

  it('stops polling at a rate limit until the next cycle', async () => {
    await seed(t, 'limited', 2);
    await cycle();
    rp.rateLimited = true;
    const before = rp.polls.length;
    await cycle();
    assert.equal(rp.polls.length, before + 1, 'one 429, then no more polls this cycle');
    rp.rateLimited = false;
    await cycle();
    assert.ok(rp.polls.length >= before + 4, 'every non-final message polled again');
  });
});
