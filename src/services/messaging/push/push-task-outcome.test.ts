/**
 * A task with several messages is claimed, and decided, as a whole (settings spec §6.7): it goes
 * back to the queue only when none of its messages left, so nothing is ever sent twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../../../test/helpers/eventually.js';
import { FakeAfricasTalking } from '../../../../test/helpers/fake-sms-providers.js';
import { logLines } from '../../../../test/helpers/log-lines.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.js';
import { credential, task } from './push.test-helper.js';

describe("outgoing push: tasks with several messages (Africa's Talking)", () => {
  let at: FakeAfricasTalking;
  let t: TestServer;
  const log = logLines();
  /** Cycles are run by hand here: the timer waits an hour. */
  const cycle = () => t.server.services.messaging.push.runOnce();
  const sends = (text: string) => at.sends.filter((s) => s.get('message') === text).length;
  const logged = (messageId: string) =>
    log.lines.map((l) => JSON.parse(l) as { msg: string; messageId?: string; level: number }).filter((l) => l.messageId === messageId);

  /** A record with one pending task carrying a message per text; the uuids are `<id>-<n>`. */
  const record = async (id: string, texts: string[]) => {
    const messages = texts.map((message, i) => ({ uuid: `${id}-${i}`, to: `+25471001${String(1000 + i)}`, message }));
    const doc = { _id: id, type: 'data_record', reported_date: 1, tasks: [{ state: 'pending', messages, state_history: [{ state: 'pending', timestamp: new Date(1).toISOString() }] }] };
    assert.equal((await t.couch.put(`/${t.dbName}/${id}`, { json: doc })).status, 201);
  };

  before(async () => {
    at = await new FakeAfricasTalking().start();
    t = await startTestServer({ env: { SMS_PUSH_INTERVAL_MS: '3600000', LOG_LEVEL: 'info', AFRICASTALKING_API_URL: at.url }, logStream: log.stream });
    await credential(t, 'africastalking.com:outgoing', 'at-api-key');
    const res = await t.api.put('/api/v1/settings', { json: { sms: { outgoing_service: 'africas-talking', africas_talking: { username: 'medic' } } } });
    assert.equal(res.status, 200);
  });
  after(async () => {
    await t.stop();
    await at.stop();
  });

  it('one message sent, one refused: the task keeps the state, the refused one is logged and never resent', async () => {
    at.codes.set('mixed refused', [405, 405]);
    await record('mixed', ['mixed sent', 'mixed refused']);
    await cycle();
    await cycle();
    const got = await task(t, 'mixed');
    assert.deepEqual([got.state, got.state_history.map((h) => h.state)], ['sent', ['pending', 'forwarded-to-gateway', 'sent']]);
    assert.deepEqual([sends('mixed sent'), sends('mixed refused')], [1, 1]);
    const line = await eventually(() => {
      const [found] = logged('mixed-1');
      assert.ok(found);
      return found;
    });
    assert.equal(line.level, 40);
    assert.match(line.msg, /never resent/);
    assert.doesNotMatch(line.msg, /back in the queue/);
  });

  it('one message maybe sent, one refused: the task stays claimed and neither is sent again', async () => {
    at.drops.add('lost maybe');
    at.codes.set('lost refused', [405, 405]);
    await record('lost', ['lost maybe', 'lost refused']);
    await cycle();
    await cycle();
    const got = await task(t, 'lost');
    assert.deepEqual([got.state, got.state_history.map((h) => h.state)], ['forwarded-to-gateway', ['pending', 'forwarded-to-gateway']]);
    assert.deepEqual([sends('lost maybe'), sends('lost refused')], [1, 1]);
    await eventually(() => assert.match(logged('lost-0')[0]?.msg ?? '', /may have been sent/));
    await eventually(() => assert.match(logged('lost-1')[0]?.msg ?? '', /never resent/));
  });

  it('every message refused: the task goes back to the queue and all of it goes out next time', async () => {
    at.codes.set('both a', [405]);
    at.httpStatus.set('both b', [500]);
    await record('both', ['both a', 'both b']);
    await cycle();
    const released = await task(t, 'both');
    assert.deepEqual([released.state, released.state_history.map((h) => h.state)], ['pending', ['pending']]);
    await cycle();
    const got = await task(t, 'both');
    // each message's send sets the task's state (and its ref): `sent` once per message
    assert.deepEqual([got.state, got.state_history.map((h) => h.state)], ['sent', ['pending', 'forwarded-to-gateway', 'sent', 'sent']]);
    assert.deepEqual([sends('both a'), sends('both b')], [2, 2]);
  });

  it('logs message ids, never message text or phone numbers', () => {
    const text = log.lines.join('\n');
    assert.ok(text.includes('mixed-1'));
    for (const secret of ['mixed sent', 'mixed refused', 'lost maybe', '+2547100']) assert.equal(text.includes(secret), false, secret);
  });
});
