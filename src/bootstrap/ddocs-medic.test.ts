import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDesignDocs } from './ddocs.js';
import { reduceRows, view } from './ddocs-sandbox.test-helper.js';

const set = await loadDesignDocs();
const ms = (iso: string) => Date.parse(iso);
const JAN2 = '2024-01-02T00:00:00.000Z';
const JAN3 = '2024-01-03T00:00:00.000Z';
const FEB1 = '2024-02-01T00:00:00.000Z';
const FEB2 = '2024-02-02T00:00:00.000Z';
const MAR1 = '2024-03-01T00:00:00.000Z';

const fwd = { uuid: 'u-fwd', to: '+254700000001', message: 'Thanks' };
const failed = { uuid: 'u-failed', to: '+254700000002', message: 'Bad' };
const sched = { uuid: 'u-sched', to: '+3', message: 'Reminder' };
const sent = { uuid: 'u-sent', to: '+4', message: 'Visit' };
const muted = { uuid: 'u-muted', to: '+5', message: 'Muted' };
const registration = {
  _id: 'reg1', type: 'data_record', form: 'P', reported_date: 1000,
  tasks: [
    { state: 'forwarded-to-gateway', timestamp: JAN2, messages: [fwd] },
    {
      state: 'failed', gateway_ref: 'gw-2', timestamp: ms(JAN3), messages: [failed],
      state_history: [{ state: 'pending', timestamp: '2024-01-01T00:00:00.000Z' }, { state: 'failed', timestamp: JAN3 }],
    },
    { state: 'delivered', messages: [] },
  ],
  scheduled_tasks: [
    { state: 'scheduled', due: FEB1, messages: [sched] },
    {
      state: 'sent', due: ms(FEB1), gateway_ref: 'gw-1', messages: [sent],
      state_history: [{ state: 'pending', timestamp: FEB1 }, { state: 'sent', timestamp: FEB2 }],
    },
    { state: 'muted', due: MAR1, messages: [muted] },
  ],
};
const p1 = { uuid: 'u-p1', to: '+6', message: 'One' };
const p2 = { uuid: 'u-p2', to: '+7', message: 'Two' };
const pendingSms = { _id: 'out1', type: 'data_record', reported_date: 5000, tasks: [{ state: 'pending', messages: [p1, p2] }] };
const incoming = { _id: 'in1', type: 'data_record', reported_date: 6000, sms_message: { message: 'hi', gateway_ref: 'gw-in' } };
const notARecord = { _id: 'x', type: 'person', tasks: registration.tasks, scheduled_tasks: registration.scheduled_tasks };
const msg = (m: { uuid: string; to: string; message: string }) => ({ content: m.message, to: m.to, id: m.uuid });

const lineage = { _id: 'c1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } };

describe('medic contacts_by_depth', () => {
  const { map } = view(set, 'medic', 'medic', 'contacts_by_depth');

  it('emits [ancestor] and [ancestor, depth] for self and each ancestor -> {shortcode, primary_contact}', () => {
    const v = { shortcode: '12345' };
    assert.deepEqual(map({ _id: 'p1', type: 'person', patient_id: '12345', parent: lineage }), [
      { key: ['p1'], value: v }, { key: ['p1', 0], value: v },
      { key: ['c1'], value: v }, { key: ['c1', 1], value: v },
      { key: ['hc1'], value: v }, { key: ['hc1', 2], value: v },
      { key: ['dh1'], value: v }, { key: ['dh1', 3], value: v },
    ]);
    const clinic = { _id: 'c1', type: 'contact', contact_type: 'village', place_id: 98765, contact: { _id: 'p1', parent: lineage }, parent: { _id: 'hc1' } };
    const cv = { shortcode: '98765', primary_contact: 'p1' };
    assert.deepEqual(map(clinic), [
      { key: ['c1'], value: cv }, { key: ['c1', 0], value: cv }, { key: ['hc1'], value: cv }, { key: ['hc1', 1], value: cv },
    ]);
  });

  it('reads a legacy bare-string contact, and skips non-contacts', () => {
    assert.deepEqual(map({ _id: 'hc1', type: 'health_center', contact: 'p2' }), [
      { key: ['hc1'], value: { primary_contact: 'p2' } },
      { key: ['hc1', 0], value: { primary_contact: 'p2' } },
    ]);
    assert.deepEqual(map(registration), []);
    assert.deepEqual(map({ _id: 'f', type: 'form' }), []);
  });
});

describe('medic messages_by_state', () => {
  const { map } = view(set, 'medic', 'medic', 'messages_by_state');

  it('emits [state, dueMs] -> {content, to, id} per message, plus pending-or-forwarded', () => {
    assert.deepEqual(map(registration), [
      { key: ['forwarded-to-gateway', ms(JAN2)], value: msg(fwd) },
      { key: ['pending-or-forwarded', ms(JAN2)], value: msg(fwd) },
      { key: ['failed', ms(JAN3)], value: msg(failed) },
      { key: ['delivered', 1000], value: null },
      { key: ['scheduled', ms(FEB1)], value: msg(sched) },
      { key: ['sent', ms(FEB1)], value: msg(sent) },
      { key: ['muted', ms(MAR1)], value: msg(muted) },
    ]);
    assert.deepEqual(map(pendingSms), [
      { key: ['pending', 5000], value: msg(p1) },
      { key: ['pending-or-forwarded', 5000], value: msg(p1) },
      { key: ['pending', 5000], value: msg(p2) },
      { key: ['pending-or-forwarded', 5000], value: msg(p2) },
    ]);
  });

  it('always has a numeric date so the gateway range [pending-or-forwarded, 0].. finds it', () => {
    assert.deepEqual(map({ _id: 'n', type: 'data_record', tasks: [{ state: 'pending', due: 'not a date', messages: [{ uuid: 'u' }] }] }), [
      { key: ['pending', 0], value: { content: null, to: null, id: 'u' } },
      { key: ['pending-or-forwarded', 0], value: { content: null, to: null, id: 'u' } },
    ]);
    assert.deepEqual(map(incoming), []);
    assert.deepEqual(map(notARecord), []);
  });
});

describe('medic-admin views', () => {
  it('message_queue: [kind, dueMs] with due/scheduled/muted plus delivered/failed; group_level=1 counts per kind', () => {
    const { map, reduce, rows } = view(set, 'medic', 'medic-admin', 'message_queue');
    const v = (state: string, m?: { uuid: string; to: string }) => (m ? { state, uuid: m.uuid, to: m.to } : { state });
    assert.deepEqual(map(registration), [
      { key: ['due', ms(JAN2)], value: v('forwarded-to-gateway', fwd) },
      { key: ['due', ms(JAN3)], value: v('failed', failed) },
      { key: ['failed', ms(JAN3)], value: v('failed', failed) },
      { key: ['due', 1000], value: v('delivered') },
      { key: ['delivered', 1000], value: v('delivered') },
      { key: ['scheduled', ms(FEB1)], value: v('scheduled', sched) },
      { key: ['due', ms(FEB1)], value: v('sent', sent) },
      { key: ['delivered', ms(FEB1)], value: v('sent', sent) },
      { key: ['muted', ms(MAR1)], value: v('muted', muted) },
    ]);
    const kinds = (state: unknown) =>
      map({ _id: 's', type: 'data_record', reported_date: 1, tasks: [{ state, messages: [{ uuid: 'u' }] }] }).map((r) => (r.key as unknown[])[0]);
    assert.deepEqual(kinds('cleared'), ['muted']);
    assert.deepEqual(kinds('denied'), ['muted']);
    assert.deepEqual(kinds('duplicate'), ['muted']);
    assert.deepEqual(kinds('pending'), ['due']);
    assert.deepEqual(kinds('received-by-gateway'), ['due']);
    assert.deepEqual(kinds(undefined), ['due']);
    assert.deepEqual(map(incoming), []);
    assert.deepEqual(map(notARecord), []);
    assert.equal(reduce, '_count');
    assert.deepEqual(reduceRows(reduce!, rows([registration, pendingSms, incoming]), 1), [
      { key: ['due'], value: 6 },
      { key: ['failed'], value: 1 },
      { key: ['delivered'], value: 2 },
      { key: ['scheduled'], value: 1 },
      { key: ['muted'], value: 1 },
    ]);
  });

  it('contacts_by_dhis_orgunit: orgUnit -> null, object or array `dhis`', () => {
    const { map } = view(set, 'medic', 'medic-admin', 'contacts_by_dhis_orgunit');
    assert.deepEqual(map({ _id: 'c1', type: 'clinic', dhis: { orgUnit: 'OU1', dataSet: 'ds' } }), [{ key: 'OU1', value: null }]);
    assert.deepEqual(map({ _id: 'h1', type: 'contact', contact_type: 'area', dhis: [{ orgUnit: 'OU2' }, { orgUnit: 'OU3', dataSet: 'x' }, { orgUnit: 'OU2' }] }), [
      { key: 'OU2', value: null },
      { key: 'OU3', value: null },
    ]);
    assert.deepEqual(map({ _id: 'r', type: 'data_record', dhis: { orgUnit: 'OU1' } }), []);
    assert.deepEqual(map({ _id: 'c2', type: 'clinic' }), []);
  });
});

describe('medic-conflicts conflicts', () => {
  it('emits _conflicts -> null for conflicted docs; _count reduce', () => {
    const { map, reduce, rows } = view(set, 'medic', 'medic-conflicts', 'conflicts');
    assert.deepEqual(map({ _id: 'a', _rev: '2-c', _conflicts: ['2-a', '2-b'] }), [{ key: ['2-a', '2-b'], value: null }]);
    assert.deepEqual(map({ _id: 'b', _conflicts: [] }), []);
    assert.deepEqual(map({ _id: 'c' }), []);
    const docs = [{ _id: 'a', _conflicts: ['2-a'] }, { _id: 'b', _conflicts: ['3-b'] }, { _id: 'c' }];
    assert.deepEqual(reduceRows(reduce!, rows(docs)), [{ key: null, value: 2 }]);
  });
});

describe('medic-sms views', () => {
  it('messages_by_gateway_ref: incoming ref -> null, task ref -> message uuid', () => {
    const { map } = view(set, 'medic', 'medic-sms', 'messages_by_gateway_ref');
    assert.deepEqual(map(registration), [{ key: 'gw-2', value: 'u-failed' }, { key: 'gw-1', value: 'u-sent' }]);
    assert.deepEqual(map(incoming), [{ key: 'gw-in', value: null }]);
    assert.deepEqual(map({ _id: 'e', type: 'data_record', tasks: [{ state: 'sent', gateway_ref: 'gw-3' }] }), [{ key: 'gw-3', value: null }]);
    assert.deepEqual(map(pendingSms), []);
    assert.deepEqual(map({ ...notARecord, sms_message: incoming.sms_message }), []);
  });

  it('messages_by_gateway_ref: numeric refs (RapidPro broadcast ids) are refs too, empty ones are not', () => {
    const { map } = view(set, 'medic', 'medic-sms', 'messages_by_gateway_ref');
    const rapidpro = { _id: 'r', type: 'data_record', tasks: [{ state: 'sent', gateway_ref: 1234, messages: [{ uuid: 'u-r' }] }, { state: 'sent', gateway_ref: '', messages: [{ uuid: 'u-e' }] }] };
    assert.deepEqual(map(rapidpro), [{ key: 1234, value: 'u-r' }]);
    assert.deepEqual(map({ _id: 'i', type: 'data_record', sms_message: { gateway_ref: 77 } }), [{ key: 77, value: null }]);
  });

  it('messages_by_uuid: message uuid -> null', () => {
    const { map } = view(set, 'medic', 'medic-sms', 'messages_by_uuid');
    assert.deepEqual(map(registration).map((r) => r.key), ['u-fwd', 'u-failed', 'u-sched', 'u-sent', 'u-muted']);
    assert.deepEqual(map(pendingSms), [{ key: 'u-p1', value: null }, { key: 'u-p2', value: null }]);
    assert.deepEqual(map(incoming), []);
    assert.deepEqual(map(notARecord), []);
  });

  it('messages_by_last_updated_state: [group, lastUpdatedMs, state] -> null, scheduled tasks skipped', () => {
    const { map } = view(set, 'medic', 'medic-sms', 'messages_by_last_updated_state');
    assert.deepEqual(map(registration), [
      { key: ['pending', ms(JAN2), 'forwarded-to-gateway'], value: null },
      { key: ['final', ms(JAN3), 'failed'], value: null },
      { key: ['final', 1000, 'delivered'], value: null },
      { key: ['final', ms(FEB2), 'sent'], value: null },
      { key: ['muted', 1000, 'muted'], value: null },
    ]);
    assert.deepEqual(map(pendingSms), [{ key: ['pending', 5000, 'pending'], value: null }]);
    assert.deepEqual(map({ _id: 'u', type: 'data_record', tasks: [{ state: 'unrecognised', timestamp: 7 }, { state: 'denied' }] }), [
      { key: ['pending', 7, 'unrecognised'], value: null },
      { key: ['muted', 0, 'denied'], value: null },
    ]);
    assert.deepEqual(map(notARecord), []);
  });

  it('gateway_messages_by_state: state -> {gateway_ref, id} for tasks with a gateway ref', () => {
    const { map } = view(set, 'medic', 'medic-sms', 'gateway_messages_by_state');
    assert.deepEqual(map(registration), [
      { key: 'failed', value: { gateway_ref: 'gw-2', id: 'u-failed' } },
      { key: 'sent', value: { gateway_ref: 'gw-1', id: 'u-sent' } },
    ]);
    assert.deepEqual(map(pendingSms), []);
    assert.deepEqual(map(notARecord), []);
    assert.deepEqual(map({ _id: 'r', type: 'data_record', tasks: [{ state: 'received-by-gateway', gateway_ref: 1234, messages: [{ uuid: 'u-r' }] }] }), [
      { key: 'received-by-gateway', value: { gateway_ref: 1234, id: 'u-r' } },
    ]);
  });
});
