import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDesignDocs } from './ddocs.js';
import type { Row } from './ddocs-sandbox.test-helper.js';
import { reduceRows, view } from './ddocs-sandbox.test-helper.js';

const set = await loadDesignDocs();

describe('sentinel outbound_push_tasks', () => {
  it('emits the id of each task:outbound doc -> null', () => {
    const { map } = view(set, 'sentinel', 'sentinel', 'outbound_push_tasks');
    assert.deepEqual(map({ _id: 'task:outbound:r1', type: 'task:outbound', doc_id: 'r1', queue: ['push'] }), [
      { key: 'task:outbound:r1', value: null },
    ]);
    assert.deepEqual(map({ _id: 'r1-info', type: 'info', doc_id: 'r1' }), []);
  });
});

describe('users-meta views', () => {
  it('feedback_by_date: [meta.time ms] -> null, every feedback doc', () => {
    const { map } = view(set, 'users-meta', 'users-meta', 'feedback_by_date');
    const time = '2024-01-02T03:04:05.006Z';
    assert.deepEqual(map({ _id: `feedback-${time}-x`, type: 'feedback', meta: { time, user: { name: 'jane' } }, info: {} }), [
      { key: [Date.parse(time)], value: null },
    ]);
    assert.deepEqual(map({ _id: 'feedback-2', type: 'feedback' }), [{ key: [null], value: null }]);
    assert.deepEqual(map({ _id: 'telemetry-1', type: 'telemetry' }), []);
  });

  const telemetry = (id: string, month: number, day: number, extra: Record<string, unknown> = {}) => ({
    _id: id,
    type: 'telemetry',
    metadata: { year: 2024, month, day, user: 'jane', deviceId: 'dev1', versions: { app: '4.5.0', settings: '3-abc', forms: {} } },
    device: {
      userAgent: 'Mozilla/5.0 (Linux; Android 10)',
      deviceInfo: { app: { version: 'v1.0.4' }, software: { androidVersion: '10' }, storage: { free: 100, total: 200 } },
    },
    ...extra,
  });

  it('device_by_user: [user, deviceId] -> {date, id, device}', () => {
    const { map } = view(set, 'users-meta', 'users-meta', 'device_by_user');
    assert.deepEqual(map(telemetry('t1', 3, 7)), [
      {
        key: ['jane', 'dev1'],
        value: {
          date: '2024-03-07',
          id: 't1',
          device: {
            userAgent: 'Mozilla/5.0 (Linux; Android 10)',
            versions: { apk: 'v1.0.4', android: '10', cht: '4.5.0', settings: '3-abc' },
            storage: { free: 100, total: 200 },
          },
        },
      },
    ]);
    const browser = telemetry('t2', 11, 23, { device: { userAgent: 'Firefox' } });
    assert.deepEqual(map(browser), [
      { key: ['jane', 'dev1'], value: { date: '2024-11-23', id: 't2', device: { userAgent: 'Firefox', versions: { cht: '4.5.0', settings: '3-abc' } } } },
    ]);
    const noDevice = telemetry('t3', 1, 1);
    noDevice.metadata = { ...noDevice.metadata, deviceId: '' };
    assert.deepEqual(map(noDevice), []);
    assert.deepEqual(map({ _id: 'f', type: 'feedback', metadata: telemetry('x', 1, 1).metadata }), []);
  });

  it('device_by_user reduce keeps the latest date (group=true)', () => {
    const { reduce, rows } = view(set, 'users-meta', 'users-meta', 'device_by_user');
    const docs = [telemetry('t-mar', 3, 7), telemetry('t-dec', 12, 1), telemetry('t-oct', 10, 30)];
    const other = telemetry('t-bob', 1, 2);
    other.metadata = { ...other.metadata, user: 'bob' };
    const reduced = reduceRows(reduce!, rows([...docs, other]), 'exact');
    assert.deepEqual(reduced.map((r) => [r.key, (r.value as { id: string; date: string }).id]), [
      [['jane', 'dev1'], 't-dec'],
      [['bob', 'dev1'], 't-bob'],
    ]);
  });
});

describe('logs views', () => {
  const count = (reduce: string, rows: Row[]) => reduceRows(reduce, rows)[0]?.value ?? 0;

  it('connected_users: timestamp -> user; _count of rows from startkey', () => {
    const { map, reduce, rows } = view(set, 'logs', 'logs', 'connected_users');
    assert.deepEqual(map({ _id: 'connected-user-jane', user: 'jane', timestamp: 1700000000000 }), [{ key: 1700000000000, value: 'jane' }]);
    assert.deepEqual(map({ _id: 'connected-user-bob', timestamp: '2024-01-01T00:00:00.000Z' }), [
      { key: Date.parse('2024-01-01T00:00:00.000Z'), value: 'bob' },
    ]);
    assert.deepEqual(map({ _id: 'replication-count-jane', timestamp: 1 }), []);
    const docs = [1000, 2000, 3000].map((ts, i) => ({ _id: `connected-user-u${i}`, user: `u${i}`, timestamp: ts }));
    assert.equal(count(reduce!, rows(docs).filter((r) => (r.key as number) >= 2000)), 2);
  });

  it('replication_limit: user -> count for counts above 10000; _count', () => {
    const { map, reduce, rows } = view(set, 'logs', 'logs', 'replication_limit');
    assert.deepEqual(map({ _id: 'replication-count-jane', user: 'jane', count: 12000, date: 1 }), [{ key: 'jane', value: 12000 }]);
    assert.deepEqual(map({ _id: 'replication-count-bob', user: 'bob', count: 10000 }), []);
    const docs = [12000, 10001, 50].map((c, i) => ({ _id: `replication-count-u${i}`, user: `u${i}`, count: c }));
    assert.equal(count(reduce!, rows(docs)), 2);
  });

  it('replication_failures: [YYYY-MM-DD, user] -> failures that day', () => {
    const { map } = view(set, 'logs', 'logs', 'replication_failures');
    assert.deepEqual(map({ _id: 'replication-fail-2024-05-jane', user: 'jane', daily_failures: { '2024-05-03': 4, '2024-05-04': 0 } }), [
      { key: ['2024-05-03', 'jane'], value: 4 },
    ]);
    assert.deepEqual(map({ _id: 'replication-fail-2024-05-jane-doe', daily_failures: { '3': 2, '12': 1 } }), [
      { key: ['2024-05-03', 'jane-doe'], value: 2 },
      { key: ['2024-05-12', 'jane-doe'], value: 1 },
    ]);
    assert.deepEqual(map({ _id: 'replication-fail-2024-06-bob', daily_failures: [{ date: '2024-06-01', count: 1 }, { date: 'x' }] }), [
      { key: ['2024-06-01', 'bob'], value: 1 },
    ]);
    assert.deepEqual(map({ _id: 'replication-count-jane', daily_failures: { '2024-05-03': 4 } }), []);
  });
});

describe('_users users_by_field', () => {
  it('emits [field, value] -> null for contact_id, oidc_username and each facility', () => {
    const { map } = view(set, 'users', 'users', 'users_by_field');
    const user = { _id: 'org.couchdb.user:jane', type: 'user', name: 'jane', roles: ['chw'], contact_id: 'p1', facility_id: ['c1', 'c2', 'c1'], oidc_username: 'jane@example.org' };
    assert.deepEqual(map(user), [
      { key: ['contact_id', 'p1'], value: null },
      { key: ['oidc_username', 'jane@example.org'], value: null },
      { key: ['facility_id', 'c1'], value: null },
      { key: ['facility_id', 'c2'], value: null },
    ]);
    assert.deepEqual(map({ ...user, contact_id: null, oidc_username: undefined, facility_id: 'c9' }), [{ key: ['facility_id', 'c9'], value: null }]);
    assert.deepEqual(map({ ...user, type: 'user-settings' }), []);
    assert.deepEqual(map({ _id: '_design/_auth', language: 'javascript' }), []);
  });
});
