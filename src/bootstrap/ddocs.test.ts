import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_VERSION, DATABASE_KEYS, designDocsEqual, loadDesignDocs } from './ddocs.js';
import { mapper, reduceRows, validator } from './ddocs-sandbox.test-helper.js';
import { es5Problems } from './es5-check.test-helper.js';

const set = await loadDesignDocs();

describe('loadDesignDocs', () => {
  it('returns the design doc ids per database', () => {
    const ids = Object.fromEntries(DATABASE_KEYS.map((db) => [db, set[db].map((d) => d._id)]));
    assert.deepEqual(ids, {
      medic: ['_design/medic', '_design/medic-admin', '_design/medic-client', '_design/medic-conflicts', '_design/medic-sms', '_design/medic-users-info'],
      sentinel: ['_design/sentinel'],
      'users-meta': ['_design/users-meta'],
      logs: ['_design/logs'],
      users: ['_design/users'],
    });
  });

  it('names every view the specs and clients use', () => {
    const views = (db: keyof typeof set, name: string) =>
      Object.keys(set[db].find((d) => d._id === `_design/${name}`)!.views).sort();
    assert.deepEqual(views('medic', 'medic-client'), [
      'contacts_by_parent', 'contacts_by_phone', 'contacts_by_reference', 'contacts_by_type', 'doc_by_type',
      'messages_by_contact_date', 'reports_by_date', 'reports_by_form', 'reports_by_place', 'reports_by_subject',
      'reports_by_validity', 'reports_by_verification',
    ]);
    assert.deepEqual(views('medic', 'medic'), ['contacts_by_depth', 'messages_by_state']);
    // a view of this project in a ddoc of its own: adding or changing it never rebuilds `_design/medic`'s views
    assert.deepEqual(views('medic', 'medic-users-info'), ['docs_by_replication_key']);
    assert.deepEqual(views('medic', 'medic-admin'), ['contacts_by_dhis_orgunit', 'message_queue']);
    assert.deepEqual(views('medic', 'medic-conflicts'), ['conflicts']);
    assert.deepEqual(views('medic', 'medic-sms'), [
      'gateway_messages_by_state', 'messages_by_gateway_ref', 'messages_by_last_updated_state', 'messages_by_uuid',
    ]);
    assert.deepEqual(views('sentinel', 'sentinel'), ['outbound_push_tasks']);
    assert.deepEqual(views('users-meta', 'users-meta'), ['device_by_user', 'feedback_by_date']);
    assert.deepEqual(views('logs', 'logs'), ['connected_users', 'replication_failures', 'replication_limit']);
    assert.deepEqual(views('users', 'users'), ['users_by_field']);
  });

  it('shapes CouchDB JSON with build info on medic and deploy info on medic-client', () => {
    const medic = set.medic.find((d) => d._id === '_design/medic')!;
    assert.equal(medic.language, 'javascript');
    assert.equal(medic.version, BUILD_VERSION);
    assert.deepEqual(Object.keys(medic.build_info!).sort(), [
      'application', 'author', 'base_version', 'namespace', 'schema_version', 'time', 'version',
    ]);
    assert.equal(medic.build_info!.version, '5.2.0');
    assert.equal(medic.build_info!.application, 'medic');
    assert.equal(typeof medic.validate_doc_update, 'string');
    const client = set.medic.find((d) => d._id === '_design/medic-client')!;
    assert.deepEqual(client.deploy_info, { version: '5.2.0' });
    assert.equal(typeof client.validate_doc_update, 'string');
    assert.equal(client.views.contacts_by_type!.reduce, '_count');
    assert.equal(client.views.contacts_by_phone!.reduce, undefined);
    assert.ok(!('reduce' in client.views.contacts_by_phone!));
    assert.equal(set.sentinel[0]!.build_info, undefined);
  });

  it('stores trimmed, stable sources and hands out independent copies', async () => {
    for (const db of DATABASE_KEYS) {
      for (const d of set[db]) {
        for (const v of Object.values(d.views)) {
          assert.equal(v.map, v.map.trim());
          assert.ok(v.map.startsWith('function'), `${d._id} map must start with "function"`);
        }
      }
    }
    const again = await loadDesignDocs();
    assert.deepEqual(again, set);
    again.medic[0]!.views = {};
    assert.notDeepEqual((await loadDesignDocs()).medic[0]!.views, {});
  });

  it('reads a custom root and rejects unknown database folders', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'ddocs-'));
    try {
      await mkdir(path.join(root, 'logs/logs/views/v'), { recursive: true });
      await writeFile(path.join(root, 'logs/logs/views/v/map.js'), 'function (doc) { emit(doc._id, null); }\n\n');
      await writeFile(path.join(root, 'logs/logs/views/v/reduce.js'), '_count\n');
      const custom = await loadDesignDocs(root);
      assert.deepEqual(custom.logs, [
        { _id: '_design/logs', language: 'javascript', views: { v: { map: 'function (doc) { emit(doc._id, null); }', reduce: '_count' } } },
      ]);
      assert.deepEqual(custom.medic, []);
      const bad = await mkdtemp(path.join(tmpdir(), 'ddocs-'));
      await mkdir(path.join(bad, 'medic-db'));
      await assert.rejects(loadDesignDocs(bad), /Unknown database folder/);
      await rm(bad, { recursive: true });
    } finally {
      await rm(root, { recursive: true });
    }
  });
});

describe('designDocsEqual', () => {
  const medic = set.medic.find((d) => d._id === '_design/medic')!;
  const client = set.medic.find((d) => d._id === '_design/medic-client')!;

  it('ignores _rev and fields we do not own', () => {
    const stored = { ...structuredClone(medic), _rev: '3-abc', app_settings: { x: 1 } };
    assert.equal(designDocsEqual(stored, medic), true);
    const deployed = { ...structuredClone(client), _rev: '1-a', deploy_info: { version: '5.2.0', user: 'admin', timestamp: 1 } };
    assert.equal(designDocsEqual(deployed, client), true);
    const { language: _language, ...noLanguage } = structuredClone(client);
    assert.equal(designDocsEqual(noLanguage, client), true);
  });

  it('detects changes in what we own', () => {
    const changed = (edit: (d: Record<string, unknown>) => void, wanted = medic) => {
      const stored = structuredClone(wanted) as unknown as Record<string, unknown>;
      edit(stored);
      return designDocsEqual(stored, wanted);
    };
    assert.equal(changed((d) => ((d.views as Record<string, { map: string }>).contacts_by_depth!.map += ' ')), false);
    assert.equal(changed((d) => ((d.views as Record<string, unknown>).old_view = { map: 'function (doc) {}' })), false);
    assert.equal(changed((d) => delete (d.views as Record<string, unknown>).messages_by_state), false);
    assert.equal(changed((d) => ((d.views as Record<string, { reduce?: string }>).messages_by_state!.reduce = '_count')), false);
    assert.equal(changed((d) => delete d.validate_doc_update), false);
    assert.equal(changed((d) => ((d.build_info as Record<string, unknown>).version = '4.0.0')), false);
    assert.equal(changed((d) => (d.version = '4.0.0')), false);
    assert.equal(changed((d) => (d.language = 'query')), false);
    assert.equal(changed((d) => (d._id = '_design/other')), false);
    assert.equal(changed((d) => (d.deploy_info = { version: '4.0.0' }), client), false);
    assert.equal(changed((d) => delete d.deploy_info, client), false);
    assert.equal(designDocsEqual(null, medic), false);
    assert.equal(designDocsEqual({ _id: '_design/medic' }, medic), false);
  });
});

type Doc = Record<string, unknown>;

/** Docs that are malformed or of unexpected shape: every function must survive them. */
const STRANGE_DOCS: Doc[] = [
  { _id: 'a' },
  { _id: 'b', type: null, contact_type: 5 },
  { _id: 'c', type: 'contact' },
  { _id: 'd', type: 'contact', contact_type: '', parent: 'not-an-object', name: 7 },
  { _id: 'e', type: 'person', parent: { parent: { _id: 5, parent: null } }, name: null, phone: 0, contact: 12 },
  { _id: 'f', type: 'clinic', contact: { parent: 'x' }, dhis: 'orgunit', rc_code: 12, place_id: 0 },
  { _id: 'g', type: 'health_center', dhis: [null, 'x', { orgUnit: 4 }, { orgUnit: '' }] },
  { _id: 'h', type: 'data_record', form: 'X', fields: null, errors: 'oops', contact: 'p1', reported_date: 'yesterday' },
  { _id: 'i', type: 'data_record', form: 'X', fields: 'text', contact: { parent: { parent: 'x' } } },
  { _id: 'j', type: 'data_record', tasks: 'nope', scheduled_tasks: [null, 5, 'x', {}, { messages: null, state: 3 }] },
  { _id: 'k', type: 'data_record', tasks: [{ messages: [null, 4, { uuid: 9 }], state_history: 'x', gateway_ref: 3, due: {} }] },
  { _id: 'l', type: 'data_record', sms_message: 'hello', from: 42 },
  { _id: 'm', type: 'data_record', sms_message: {}, contact: null, tasks: [{ messages: [{ contact: 'p1', to: null }] }] },
  { _id: 'n', type: 'telemetry', metadata: { user: 'u', deviceId: 'd', year: 2024, month: 1, day: 1, versions: 'x' }, device: 'x' },
  { _id: 'o', type: 'telemetry', metadata: 'x' },
  { _id: 'p', type: 'feedback', meta: 'x' },
  { _id: 'q', type: 'feedback', meta: { time: 'garbage' } },
  { _id: 'connected-user-x', timestamp: 'garbage' },
  { _id: 'replication-count-x', count: 'many' },
  { _id: 'replication-fail-x', daily_failures: 'x' },
  { _id: 'replication-fail-2024-05-x', daily_failures: [null, { date: 5 }, { date: '3', count: 'x' }] },
  { _id: 'org.couchdb.user:x', type: 'user', facility_id: [null, 3, ''], contact_id: 5, oidc_username: {} },
  { _id: 'r', type: 'translations' },
  { _id: 's', _conflicts: 'x', type: 'task:outbound' },
];

describe('every design doc source', () => {
  const sources = DATABASE_KEYS.flatMap((db) =>
    set[db].flatMap((d) => [
      ...Object.entries(d.views).flatMap(([name, v]) => [
        { name: `${d._id}/${name}/map`, source: v.map },
        ...(v.reduce && !v.reduce.startsWith('_') ? [{ name: `${d._id}/${name}/reduce`, source: v.reduce }] : []),
      ]),
      ...(d.validate_doc_update ? [{ name: `${d._id}/validate_doc_update`, source: d.validate_doc_update }] : []),
    ]),
  );

  it('is a single ES5 function expression using only CouchDB helpers', () => {
    for (const { name, source } of sources) assert.deepEqual(es5Problems(source), [], name);
  });

  it('uses only CouchDB builtin reduces by their exact names', () => {
    for (const db of DATABASE_KEYS) {
      for (const d of set[db]) {
        for (const v of Object.values(d.views)) {
          if (v.reduce?.startsWith('_')) assert.ok(['_count', '_sum', '_stats'].includes(v.reduce), v.reduce);
        }
      }
    }
  });

  it('never throws on malformed docs, and its reduce survives what the map emits', () => {
    for (const db of DATABASE_KEYS) {
      for (const d of set[db]) {
        for (const [name, v] of Object.entries(d.views)) {
          const map = mapper(v.map);
          const rows = STRANGE_DOCS.flatMap((doc) => {
            try {
              return map(doc);
            } catch (err) {
              throw new Error(`${d._id}/${name} threw on ${JSON.stringify(doc)}: ${String(err)}`, { cause: err });
            }
          });
          if (v.reduce) reduceRows(v.reduce, rows);
        }
      }
    }
  });

  it('validate_doc_update never throws anything but {forbidden} on malformed input', () => {
    const vdus = set.medic.filter((d) => d.validate_doc_update).map((d) => validator(d.validate_doc_update!));
    const contexts = [{ name: 'u', roles: ['chw'] }, { name: 'u' }, { roles: 'x' }, null];
    for (const vdu of vdus) {
      for (const doc of STRANGE_DOCS) {
        for (const ctx of contexts) {
          vdu(doc, null, ctx, null);
          vdu(doc, doc, ctx, { admins: 'x' });
          vdu({ ...doc, type: 'user-settings' }, { ...doc, type: 'user-settings' }, ctx, { admins: { roles: 'x' } });
        }
      }
    }
  });
});
