/** What a cht-gateway poll costs CouchDB: each thing it needs is read once, and only new states are written. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Credentials } from '../../../test/helpers/http-client.js';
import { startBehindProxy, type ProxiedServer } from '../../../test/helpers/recording-proxy.js';
import { createCouchUser } from '../../../test/helpers/users.js';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

describe('POST /api/sms: CouchDB reads and writes', () => {
  let servers: ProxiedServer;
  let gatewayUser: Credentials;

  const poll = async (body: unknown = {}) => {
    const res = await servers.api.anonymous.post('/api/sms', { auth: gatewayUser, json: body, headers: JSON_HEADERS });
    assert.equal(res.status, 200, res.text);
    return (res.json().messages as Array<{ id: string }>).map((m) => m.id).sort();
  };
  const doc = async (id: string) => (await servers.backend.couch.get(`/${servers.backend.dbName}/${id}`)).json();
  /** The reads of message docs by id and the writes the API made to the main database since the last call. */
  const calls = () => {
    const db = `/${servers.backend.dbName}`;
    const seen = servers.proxy.requests.splice(0).filter((r) => r.url.startsWith(`${db}/`) || r.url.startsWith(`${db}?`));
    return {
      docReads: seen.filter((r) => r.url.startsWith(`${db}/_all_docs`) || r.url.startsWith(`${db}/out-`)).length,
      writes: seen.filter((r) => r.method === 'PUT' || r.url.startsWith(`${db}/_bulk_docs`)).length,
    };
  };

  before(async () => {
    servers = await startBehindProxy();
    gatewayUser = await createCouchUser(servers.api, ['gateway']);
    assert.equal((await servers.api.api.put('/api/v1/settings?replace=1', { json: { sms: { outgoing_service: 'medic-gateway' } } })).status, 200);
    const task = (uuids: string[]) => ({ state: 'pending', messages: uuids.map((uuid) => ({ uuid, to: '+254712345678', message: `m ${uuid}` })) });
    const docs = [
      { _id: 'out-a', type: 'data_record', reported_date: 1, tasks: [task(['a'])] },
      { _id: 'out-b', type: 'data_record', reported_date: 2, tasks: [task(['b1', 'b2'])] },
    ];
    assert.equal((await servers.backend.couch.post(`/${servers.backend.dbName}/_bulk_docs`, { json: { docs } })).status, 201);
  });
  after(() => servers.stop());

  it('marks new messages with the docs read along with the queue, and writes nothing when they are all forwarded already', async () => {
    calls();
    assert.deepEqual(await poll(), ['a', 'b1', 'b2']);
    assert.deepEqual(calls(), { docReads: 0, writes: 1 }, 'first poll: the queue with its docs, one write');
    const [a, b] = [await doc('out-a'), await doc('out-b')];
    assert.deepEqual([a.tasks[0].state, b.tasks[0].state], ['forwarded-to-gateway', 'forwarded-to-gateway']);
    assert.equal(b.tasks[0].state_history.length, 1);

    calls();
    assert.deepEqual(await poll(), ['a', 'b1', 'b2'], 'offered again until the gateway reports on them');
    assert.deepEqual(calls(), { docReads: 0, writes: 0 }, 'second poll: nothing read twice, nothing written');
    assert.equal((await doc('out-a'))._rev, a._rev);
    assert.equal((await doc('out-b'))._rev, b._rev);

    assert.deepEqual(await poll({ updates: [{ id: 'a', status: 'SENT' }] }), ['b1', 'b2']);
    assert.equal((await doc('out-a')).tasks[0].state, 'sent');
  });

  it('reads the translations for the errors of a batch of incoming messages once, not once per message', async () => {
    const forms = { ANC: { meta: { code: 'ANC' }, fields: { name: { type: 'string', labels: { tiny: 'N' }, required: true } } } };
    assert.equal((await servers.api.api.put('/api/v1/settings?replace=1', { json: { locale: 'fr', forms } })).status, 200);
    const incoming = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, from: '+254700000009', content: 'ANC' }));
    const docReads = async (messages: unknown[]) => {
      await poll(); // settings and sessions are warm from here
      calls();
      await poll({ messages });
      return calls().docReads;
    };
    const one = await docReads(incoming('one', 1));
    const ten = await docReads(incoming('ten', 10));
    assert.ok(one > 0, 'the translations are read');
    assert.equal(ten, one, 'ten messages read the translation docs as often as one');
    const saved = (await servers.backend.couch.post(`/${servers.backend.dbName}/_design/medic-sms/_view/messages_by_gateway_ref`, { json: { keys: ['ten-9'], include_docs: true } })).json().rows;
    assert.deepEqual(saved[0].doc.errors.map((e: { code: string }) => e.code), ['sys.missing_fields']);
  });
});
