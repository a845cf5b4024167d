/** Shared by the outgoing push tests: pending messages, their tasks, credentials. */
import assert from 'node:assert/strict';
import type { TestServer } from '../../../../test/helpers/test-server.js';

/** A short cycle for tests that let the timer drive the sender. */
export const FAST = { SMS_PUSH_INTERVAL_MS: '100' };

export type Task = { state: string; state_details?: unknown; gateway_ref?: unknown; state_history: Array<{ state: string }> };

/** Writes `count` records with one pending message each (`<prefix> <i>` to +2547100100<i>); returns their ids. */
export async function seed(t: TestServer, prefix: string, count: number): Promise<string[]> {
  const docs = Array.from({ length: count }, (_, i) => ({
    _id: `${prefix}-${String(i).padStart(3, '0')}`,
    type: 'data_record',
    reported_date: i,
    tasks: [{ state: 'pending', messages: [{ uuid: `${prefix}-uuid-${i}`, to: `+2547100${String(10000 + i)}`, message: `${prefix} ${i}` }], state_history: [{ state: 'pending', timestamp: new Date(i).toISOString() }] }],
  }));
  const res = await t.couch.post(`/${t.dbName}/_bulk_docs`, { json: { docs } });
  assert.equal(res.status, 201);
  return docs.map((d) => d._id);
}

/** The first task of a record. */
export async function task(t: TestServer, id: string): Promise<Task> {
  return (await t.couch.get(`/${t.dbName}/${id}`)).json().tasks[0];
}

/** Stores a credential through the API. */
export async function credential(t: TestServer, key: string, value: string): Promise<void> {
  const res = await t.api.put(`/api/v1/credentials/${key}`, { body: value, headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 200);
}
