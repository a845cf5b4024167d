/**
 * A cht-gateway conversation over HTTP (clients.md §2): incoming messages, status updates,
 * the outgoing queue, duplicates, lost answers and a server restart. Nothing may be lost or
 * sent twice.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GatewaySimulator } from '../../../test/helpers/gateway-simulator.js';
import type { Credentials } from '../../../test/helpers/http-client.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser } from '../../../test/helpers/users.js';

const OUTGOING = 30;
const ALL_STATUSES = ['UNSENT', 'PENDING', 'SENT', 'DELIVERED', 'FAILED'] as const;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `msg-${from + i}`);
const phone = (i: number) => `0712 000 ${String(100 + i)}`;
const e164 = (i: number) => `+254712000${String(100 + i)}`;

/** Records with a pending reply each, as transitions would leave them. */
function pendingReplies(): Array<Record<string, unknown>> {
  return Array.from({ length: OUTGOING }, (_, i) => ({
    _id: `reply-${String(i).padStart(2, '0')}`,
    type: 'data_record',
    reported_date: 1_000 + i,
    tasks: [{ state: 'pending', messages: [{ uuid: `msg-${i}`, to: phone(i), message: `Reply ${i}` }], state_history: [{ state: 'pending', timestamp: new Date(1_000 + i).toISOString() }] }],
  }));
}

describe('cht-gateway conversation', () => {
  let dataDir: string;
  let t: TestServer;
  let gatewayUser: Credentials;
  let gateway: GatewaySimulator;
  const incomingIds: string[] = [];

  const allDocs = async () =>
    (await t.couch.get(`/${t.dbName}/_all_docs?include_docs=true`)).json().rows.map((r: { doc: Record<string, unknown> }) => r.doc) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const incomingDocs = async () => (await allDocs()).filter((d) => d.type === 'data_record' && d.sms_message);
  const replyTasks = async () => (await allDocs()).filter((d) => String(d._id).startsWith('reply-')).map((d) => d.tasks[0]);

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cht-gateway-'));
    t = await startTestServer({ dataDir, keepData: true });
    assert.equal((await t.api.put('/api/v1/settings', { json: { default_country_code: 254 } })).status, 200);
    gatewayUser = await createCouchUser(t, ['gateway']);
    const res = await t.couch.post(`/${t.dbName}/_bulk_docs`, { json: { docs: pendingReplies() } });
    assert.equal(res.status, 201);
    gateway = new GatewaySimulator(t.url, gatewayUser, { gzip: true });
  });
  after(async () => {
    await t.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('checks the URL like the app does: GET with Content-Type application/json', async () => {
    for (const p of ['/api/sms', '/api/sms/']) {
      const res = await t.anonymous.get(p, { auth: gatewayUser, headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { 'medic-gateway': true });
    }
  });

  it('exchanges incoming messages, updates and at most 25 outgoing messages per poll', async () => {
    for (let i = 0; i < 12; i++) incomingIds.push(gateway.receiveSms(`+25470000${String(1000 + i)}`, `Hello ${i}`));
    const first = await gateway.poll();
    assert.equal(first.status, 200);
    assert.equal(first.body?.messages?.length, 25);
    assert.deepEqual(first.body?.messages?.[0], { id: 'msg-0', to: e164(0), content: 'Reply 0' });
    assert.equal(gateway.inbox.length, 2, 'ten messages per poll');
    const forwarded = (await replyTasks()).filter((task) => task.state === 'forwarded-to-gateway');
    assert.equal(forwarded.length, 25);

    await gateway.pollUntilQuiet();
    assert.equal(gateway.outbox.size, OUTGOING, 'every reply reached the phone');
    // poll 2 carried only 20 of the 25 UNSENT reports: the other 5 were still just forwarded
    assert.deepEqual(range(0, 20).map((id) => gateway.offers(id)), Array(20).fill([1]));
    assert.deepEqual(range(20, 25).map((id) => gateway.offers(id)), Array(5).fill([1, 2]), 'offered again while only forwarded');
    assert.deepEqual(range(25, 30).map((id) => gateway.offers(id)), Array(5).fill([2]));
    assert.deepEqual(gateway.offeredAfter(ALL_STATUSES), [], 'never offered once the gateway reported on it');
    const tasks = await replyTasks();
    assert.deepEqual(new Set(tasks.map((task) => task.state)), new Set(['received-by-gateway']));
    const incoming = await incomingDocs();
    assert.deepEqual(incoming.map((d) => d.sms_message.gateway_ref).sort(), [...incomingIds].sort());
    assert.equal(incoming.find((d) => d.sms_message.gateway_ref === incomingIds[3])?.sms_message.message, 'Hello 3');
  });

  it('drops a message the server already has when an answer was lost, and within one request', async () => {
    const id = gateway.receiveSms('+254700009999', 'Lost answer');
    const lost = await gateway.poll({ loseAnswer: true });
    assert.equal(lost.status, 200);
    assert.equal(gateway.inbox.length, 1, 'the phone did not hear back, so it sends again');
    gateway.inbox.push({ ...gateway.inbox[0]! });
    await gateway.pollUntilQuiet();
    incomingIds.push(id);
    const copies = (await incomingDocs()).filter((d) => d.sms_message.gateway_ref === id);
    assert.equal(copies.length, 1);
  });

  it('reports sent and delivered, and each reply went out exactly once', async () => {
    gateway.sendAndDeliverAll();
    await gateway.pollUntilQuiet();
    for (const task of await replyTasks()) {
      assert.equal(task.state, 'delivered');
      assert.deepEqual(
        task.state_history.map((h: { state: string }) => h.state),
        ['pending', 'forwarded-to-gateway', 'received-by-gateway', 'sent', 'delivered'],
      );
    }
    assert.deepEqual([...gateway.outbox.values()].map((sms) => sms.sends), Array(OUTGOING).fill(1));
    const quiet = await gateway.poll();
    assert.deepEqual(quiet.body, { messages: [] });
    const delivered = new Set(gateway.wire.filter((e) => e.event === 'DELIVERED').map((e) => e.id));
    assert.deepEqual([...delivered].sort(), range(0, OUTGOING).sort(), 'every reply was reported delivered');
    assert.deepEqual(gateway.offeredAfter(['DELIVERED', 'FAILED']), [], 'never offered after DELIVERED or FAILED');
  });

  it('loses nothing and sends nothing twice across a server restart', async () => {
    const more = Array.from({ length: 3 }, (_, i) => ({
      _id: `late-${i}`,
      type: 'data_record',
      reported_date: 5_000 + i,
      tasks: [{ state: 'pending', messages: [{ uuid: `late-msg-${i}`, to: phone(50 + i), message: `Late ${i}` }] }],
    }));
    await t.couch.post(`/${t.dbName}/_bulk_docs`, { json: { docs: more } });
    const before = gateway.receiveSms('+254700008888', 'Before restart');
    const lost = await gateway.poll({ loseAnswer: true }); // the server saved it and forwarded the late replies
    assert.equal(lost.status, 200);

    const dbName = t.dbName;
    await t.stop();
    t = await startTestServer({ dataDir, dbName });
    gateway.retarget(t.url);

    await gateway.pollUntilQuiet();
    gateway.sendAndDeliverAll();
    await gateway.pollUntilQuiet();
    incomingIds.push(before);

    const incoming = await incomingDocs();
    assert.deepEqual(incoming.map((d) => d.sms_message.gateway_ref).sort(), [...incomingIds].sort(), 'every incoming message once');
    const late = (await allDocs()).filter((d) => String(d._id).startsWith('late-'));
    assert.deepEqual(late.map((d) => d.tasks[0].state), ['delivered', 'delivered', 'delivered']);
    assert.equal(gateway.outbox.size, OUTGOING + 3);
    assert.ok([...gateway.outbox.values()].every((sms) => sms.sends === 1), 'no reply sent twice');
    const lostPoll = gateway.offers('late-msg-0')[0] as number;
    for (const id of ['late-msg-0', 'late-msg-1', 'late-msg-2']) {
      assert.deepEqual(gateway.offers(id), [lostPoll, lostPoll + 1], `${id}: offered in the lost answer, then again while only forwarded`);
    }
    assert.deepEqual(gateway.offeredAfter(ALL_STATUSES), [], 'nothing offered once reported on, across the restart');
  });
});
