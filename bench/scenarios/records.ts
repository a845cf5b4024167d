import { randomBytes } from 'node:crypto';
import { phoneOf } from '../data.js';
import type { BenchContext, Scenario } from './types.js';

/** JSON forms the scenarios report with. */
const FORMS = {
  BENCHJ: {
    meta: { code: 'BENCHJ' },
    fields: {
      patient_id: { type: 'string', labels: { tiny: 'ID' }, required: true },
      weight: { type: 'integer', labels: { tiny: 'W' } },
      visit_date: { type: 'date', labels: { tiny: 'D' } },
      notes: { type: 'string', labels: { tiny: 'N' } },
    },
  },
};

const RECORDS = 1_000;
const GATEWAY_MESSAGES = 10;
const GATEWAY_UPDATES = 20;
/** Makes ids unique across runs (warm-up, measure) and bench invocations. */
const run = randomBytes(4).toString('hex');
let seq = 0;

const patient = (i: number) => String(10_000 + (i % 20_000));

/** The data_record the API writes for request `i`, as the floor writes it straight to CouchDB. */
function recordDoc(i: number, sms: boolean): Record<string, unknown> {
  const fields = { patient_id: patient(i), weight: 60 + (i % 20), visit_date: Date.UTC(2026, 0, 1 + (i % 28)), notes: `visit ${i}` };
  const message = `1!BENCHJ!${fields.patient_id}#${fields.weight}#2026-01-${String(1 + (i % 28)).padStart(2, '0')}#visit ${i}`;
  return {
    type: 'data_record',
    from: phoneOf(i),
    form: 'BENCHJ',
    errors: [],
    tasks: [],
    fields,
    reported_date: 1_767_225_600_000 + i,
    sms_message: sms
      ? { type: 'sms_message', message, form: 'BENCHJ', reported_date: String(1_767_225_600_000 + i), from: phoneOf(i) }
      : { form: 'BENCHJ', from: phoneOf(i), reported_date: 1_767_225_600_000 + i },
  };
}

/** Ten incoming SMS and twenty status updates, as one cht-gateway poll carries them. */
function gatewayPoll(ctx: BenchContext, messages: number): { messages: unknown[]; updates: unknown[] } {
  const n = seq++;
  const statuses = ['UNSENT', 'SENT', 'DELIVERED'];
  return {
    messages: Array.from({ length: GATEWAY_MESSAGES }, (_, k) => ({
      id: `bench-${run}-${n}-${k}`,
      from: phoneOf((n * GATEWAY_MESSAGES + k) % ctx.persons),
      content: `Hello from ${n}-${k}`,
      sms_sent: 1_767_225_600_000,
      sms_received: 1_767_225_601_000,
    })),
    updates: Array.from({ length: GATEWAY_UPDATES }, (_, k) => {
      const slot = n * GATEWAY_UPDATES + k;
      return { id: `bench-msg-uuid-${slot % messages}`, status: statuses[Math.floor(slot / messages) % statuses.length] };
    }),
  };
}

/** Puts the bench form in the app settings (idempotent). */
async function putForms(c: BenchContext): Promise<void> {
  const res = await fetch(`${c.apiUrl}/api/v1/settings`, { method: 'PUT', headers: { authorization: c.auth, 'content-type': 'application/json' }, body: JSON.stringify({ forms: FORMS }) });
  if (!res.ok) throw new Error(`settings: ${res.status} ${await res.text()}`);
}

/** Records (JSON and SMS text, 1,000 each) and a gateway poll (10 messages, 20 updates), each against a `_bulk_docs` floor. */
export function recordsScenarios(ctx: BenchContext): Scenario[] {
  const bulk = `/${ctx.dbName}/_bulk_docs`;
  const messagesInDataset = 10_000;
  return [
    {
      name: 'POST /api/v2/records JSON (1,000)',
      warm: putForms,
      api: {
        method: 'POST',
        amount: RECORDS,
        path: () => '/api/v2/records',
        body: (i) => {
          const doc = recordDoc(i, false);
          const f = doc.fields as Record<string, unknown>;
          return JSON.stringify({ ...f, visit_date: new Date(f.visit_date as number).toISOString(), _meta: doc.sms_message });
        },
      },
      floor: { method: 'POST', amount: RECORDS, path: () => bulk, body: (i) => JSON.stringify({ docs: [recordDoc(i, false)] }) },
    },
    {
      name: 'POST /api/v2/records SMS text (1,000)',
      warm: putForms,
      api: {
        method: 'POST',
        amount: RECORDS,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        path: () => '/api/v2/records',
        body: (i) => {
          const doc = recordDoc(i, true);
          const sms = doc.sms_message as Record<string, string>;
          return new URLSearchParams({ message: sms.message as string, from: doc.from as string, sent_timestamp: sms.reported_date as string }).toString();
        },
      },
      floor: { method: 'POST', amount: RECORDS, path: () => bulk, body: (i) => JSON.stringify({ docs: [recordDoc(i, true)] }) },
    },
    {
      name: 'POST /api/sms gateway poll (10 messages, 20 updates)',
      warm: async (c) => {
        // build the three views a poll reads before measuring
        for (const view of ['medic-sms/_view/messages_by_gateway_ref', 'medic-sms/_view/messages_by_uuid', 'medic/_view/messages_by_state']) {
          const [ddoc, , name] = view.split('/');
          await fetch(`${c.couchUrl}/${c.dbName}/_design/${ddoc}/_view/${name}?limit=1`, { headers: { authorization: c.auth } });
        }
      },
      api: { method: 'POST', path: () => '/api/sms', body: () => JSON.stringify(gatewayPoll(ctx, messagesInDataset)) },
      // the least a poll must write: its ten records and the twenty updated message docs, in one _bulk_docs
      floor: {
        method: 'POST',
        path: () => bulk,
        body: (i) => {
          const poll = gatewayPoll(ctx, messagesInDataset);
          const incoming = poll.messages.map((_, k) => recordDoc(i * GATEWAY_MESSAGES + k, true));
          const updated = poll.updates.map((u, k) => ({
            type: 'data_record',
            from: phoneOf(k),
            reported_date: 1_767_225_600_000,
            tasks: [{ state: 'sent', messages: [{ uuid: (u as { id: string }).id, to: phoneOf(k), message: `Reply ${k}` }], state_history: [{ state: 'pending', timestamp: '2026-01-01T00:00:00.000Z' }, { state: 'sent', timestamp: '2026-01-01T00:00:01.000Z' }] }],
          }));
          return JSON.stringify({ docs: [...incoming, ...updated] });
        },
      },
    },
  ];
}
