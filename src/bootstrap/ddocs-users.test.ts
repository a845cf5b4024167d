import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDesignDocs } from './ddocs.js';
import { view } from './ddocs-sandbox.test-helper.js';

const set = await loadDesignDocs();

describe('medic-users-info docs_by_replication_key', () => {
  const { map } = view(set, 'medic', 'medic-users-info', 'docs_by_replication_key');

  it('reports: each subject (on the doc or in fields, ids and uuids) and the submitter, once each', () => {
    const report = { _id: 'r', type: 'data_record', patient_id: '123', fields: { patient_id: '123', place_uuid: 'c1', patient_uuid: 'p1' }, contact: { _id: 'chw', parent: { _id: 'hc' } } };
    assert.deepEqual(map(report), [
      { key: '123', value: null },
      { key: 'p1', value: null },
      { key: 'c1', value: null },
      { key: 'chw', value: null },
    ]);
    assert.deepEqual(map({ _id: 'n', type: 'data_record', fields: { place_id: 42 } }), [{ key: '42', value: null }]);
  });

  it('tasks by their user (marked task), targets by owner, nothing for other docs', () => {
    assert.deepEqual(map({ _id: 't', type: 'task', user: 'org.couchdb.user:u', owner: 'p1' }), [{ key: 'org.couchdb.user:u', value: 'task' }]);
    assert.deepEqual(map({ _id: 'g', type: 'target', owner: 'p1' }), [{ key: 'p1', value: null }]);
    assert.deepEqual(map({ _id: 'p', type: 'person', parent: { _id: 'c1' } }), []);
  });
});

describe('the SMS views serve token_login docs (contacts-users §2.18)', () => {
  const tokenDoc = {
    _id: 'token:login:abc', type: 'token_login', reported_date: 1000, user: 'org.couchdb.user:u',
    tasks: [{ state: 'pending', messages: [{ uuid: 'u1', to: '+254700000001', message: 'Hi' }], state_history: [{ state: 'pending', timestamp: '2024-01-01T00:00:00.000Z' }] }],
  };

  it('messages_by_state queues the pending SMS for the gateway; messages_by_uuid finds them for status updates', () => {
    const byState = view(set, 'medic', 'medic', 'messages_by_state').map(tokenDoc);
    assert.deepEqual(byState.map((r) => (r.key as unknown[])[0]), ['pending', 'pending-or-forwarded']);
    assert.deepEqual(view(set, 'medic', 'medic-sms', 'messages_by_uuid').map(tokenDoc), [{ key: 'u1', value: null }]);
    assert.equal(view(set, 'medic', 'medic-admin', 'message_queue').map(tokenDoc).length > 0, true, 'visible in the admin message queue');
  });
});
