import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atSendOutcome, gatewayUpdateChange, rapidProState } from './provider-states.js';
import { claimTask, findTaskOfMessage, releaseTask, setTaskState, type MessageTask } from './task-states.js';

const T1 = new Date('2024-01-01T00:00:00.000Z');
const T2 = new Date('2024-01-02T00:00:00.000Z');

describe('message task states (settings spec §6.5)', () => {
  it('finds the task of a message in tasks, then scheduled_tasks', () => {
    const a = { state: 'pending', messages: [{ uuid: 'a' }] };
    const b = { state: 'scheduled', messages: [{ uuid: 'b' }] };
    const doc = { tasks: [a, { messages: null }], scheduled_tasks: [b] };
    assert.equal(findTaskOfMessage(doc, 'a'), a);
    assert.equal(findTaskOfMessage(doc, 'b'), b);
    assert.equal(findTaskOfMessage(doc, 'c'), undefined);
    assert.equal(findTaskOfMessage({}, 'a'), undefined);
  });

  it('sets the state, details and ref, and appends history', () => {
    const task: MessageTask = { state: 'pending', state_history: [{ state: 'pending', timestamp: 'x' }] };
    assert.equal(setTaskState(task, 'sent', 'Sent', 'ref-1', T1), true);
    assert.deepEqual(task, {
      state: 'sent',
      state_details: 'Sent',
      gateway_ref: 'ref-1',
      state_history: [{ state: 'pending', timestamp: 'x' }, { state: 'sent', state_details: 'Sent', timestamp: T1.toISOString() }],
    });
  });

  it('skips a repeat with equal text details and ref, but re-applies object details', () => {
    const task: MessageTask = {};
    assert.equal(setTaskState(task, 'sent', 'Sent', 'r', T1), true);
    assert.equal(setTaskState(task, 'sent', 'Sent', 'r', T2), false);
    assert.equal(setTaskState(task, 'sent', undefined, undefined, T2), false);
    assert.equal(setTaskState(task, 'sent', 'Other', 'r', T2), true);
    assert.equal(setTaskState(task, 'failed', { reason: 'x' }, undefined, T1), true);
    assert.equal(setTaskState(task, 'failed', { reason: 'x' }, undefined, T2), true);
    assert.equal(task.state_history?.length, 4);
  });

  it('removes the gateway ref when an update carries none (cht-gateway updates)', () => {
    const task: MessageTask = { state: 'sent', gateway_ref: 'r', state_history: [{ state: 'sent', timestamp: 'x' }] };
    setTaskState(task, 'delivered', undefined, undefined, T1);
    assert.equal('gateway_ref' in task, false);
    assert.equal('state_details' in task, false);
  });

  it('claims only pending tasks and releases a claim without leaving history', () => {
    const task: MessageTask = { state: 'pending', state_history: [{ state: 'pending', timestamp: 'x' }] };
    assert.equal(claimTask(task, T1), true);
    assert.equal(task.state, 'forwarded-to-gateway');
    assert.equal(claimTask(task, T2), false);
    assert.equal(releaseTask(task), true);
    assert.deepEqual(task, { state: 'pending', state_history: [{ state: 'pending', timestamp: 'x' }] });
    assert.equal(releaseTask(task), false);
    assert.equal(claimTask({ state: 'sent' }, T1), false);
  });
});

describe('provider status maps', () => {
  it('maps cht-gateway statuses, UNSENT included; unknown ones are unrecognised', () => {
    assert.deepEqual(gatewayUpdateChange({ id: 'u', status: 'UNSENT' }), { messageId: 'u', state: 'received-by-gateway', details: undefined });
    assert.equal(gatewayUpdateChange({ id: 'u', status: 'PENDING' }).state, 'forwarded-by-gateway');
    assert.equal(gatewayUpdateChange({ id: 'u', status: 'SENT' }).state, 'sent');
    assert.equal(gatewayUpdateChange({ id: 'u', status: 'DELIVERED' }).state, 'delivered');
    assert.deepEqual(gatewayUpdateChange({ id: 'u', status: 'FAILED', reason: 'no credit' }), { messageId: 'u', state: 'failed', details: { reason: 'no credit' } });
    assert.deepEqual(gatewayUpdateChange({ id: 'u', status: 'WEIRD' }), { messageId: 'u', state: 'unrecognised', details: { gateway_status: 'WEIRD' } });
    assert.deepEqual(gatewayUpdateChange({ id: 'u' }), { messageId: 'u', state: 'unrecognised', details: { gateway_status: undefined } });
  });

  it("maps Africa's Talking send codes, with retries", () => {
    assert.deepEqual(atSendOutcome(101), { state: 'sent', details: 'Sent' });
    assert.deepEqual(atSendOutcome('406'), { state: 'denied', details: 'UserInBlacklist' });
    assert.deepEqual(atSendOutcome(405), { retry: true, details: 'InsufficientBalance' });
    assert.equal('retry' in atSendOutcome(999), true);
  });

  it('maps RapidPro statuses, a missing one as queued', () => {
    assert.deepEqual(rapidProState('wired'), { state: 'forwarded-by-gateway', details: 'Wired' });
    assert.deepEqual(rapidProState(undefined), { state: 'received-by-gateway', details: 'Queued' });
    assert.equal(rapidProState('errored').state, 'received-by-gateway');
    assert.equal(rapidProState('failed').state, 'failed');
  });
});
