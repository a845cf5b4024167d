import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDesignDocs } from './ddocs.js';
import { ddoc, reduceRows, validator, view } from './ddocs-sandbox.test-helper.js';

const set = await loadDesignDocs();
const clientView = (name: string) => view(set, 'medic', 'medic-client', name);

const lineage = { _id: 'c1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } };
const dh = { _id: 'dh1', type: 'district_hospital', name: 'Central Hospital', reported_date: 1 };
const clinic = { _id: 'c1', type: 'clinic', name: 'Clinic', parent: { _id: 'hc1', parent: { _id: 'dh1' } }, rc_code: 'ab12', place_id: 98765 };
const alice = {
  _id: 'p1', type: 'person', name: 'Alice SMITH', patient_id: '12345', phone: '+254711111111', parent: lineage,
  date_of_death: '2020-01-01', muted: 123, reported_date: 5,
};
const nameless = { _id: 'p2', type: 'person', parent: lineage };
const household = { _id: 'hh1', type: 'contact', contact_type: 'household', name: 'Home', phone: '0722 000', parent: lineage };
const configuredPerson = { _id: 'p3', type: 'contact', contact_type: 'person', name: 'Bob' };
const office = { _id: 'no1', type: 'national_office', place_id: 'N1', phone: '+1', reported_date: 7 };
const noContactType = { _id: 'x1', type: 'contact', name: 'Lost' };
const report = {
  _id: 'r1', type: 'data_record', form: 'P', reported_date: 2000, patient_id: '12345', errors: [], verified: true,
  contact: { _id: 'p1', parent: lineage }, fields: { patient_id: '12345', patient_uuid: 'p1', place_id: 98765, case_id: 'case-1' },
};
const invalidReport = { _id: 'r2', type: 'data_record', form: 'V', errors: [{ code: 'sys.missing_fields' }], reported_date: 3000 };
const unverifiedReport = { _id: 'r3', type: 'data_record', form: 'P', verified: false, phone: '+2' };
const incoming = {
  _id: 'm1', type: 'data_record', from: '+254711111111', reported_date: 3000,
  sms_message: { message: 'hello', from: '+254711111111', gateway_ref: 'g1' }, contact: { _id: 'p1', parent: { _id: 'c1' } },
};
const unknownSender = { _id: 'm2', type: 'data_record', from: '+15550000', reported_date: 3500, sms_message: { message: 'hi' } };
const outgoing = {
  _id: 'm3', type: 'data_record', reported_date: 4000,
  tasks: [{ state: 'pending', messages: [
    { uuid: 'u1', to: '+254711111111', message: 'Hi', contact: { _id: 'p1' } },
    { uuid: 'u2', to: '+15550000', message: 'Hi' },
    { uuid: 'u2b', to: '+15550000', message: 'Hi again' },
  ] }],
};
const form = { _id: 'form:delivery', type: 'form', internalId: 'delivery' };

describe('medic-client contact views', () => {
  it('contacts_by_type: [typeId] -> "<dead> <muted> <rank> <name>"', () => {
    const { map, reduce, rows } = clientView('contacts_by_type');
    assert.deepEqual(map(dh), [{ key: ['district_hospital'], value: 'false false 0 central hospital' }]);
    assert.deepEqual(map(alice), [{ key: ['person'], value: 'true true 3 alice smith' }]);
    assert.deepEqual(map(nameless), [{ key: ['person'], value: 'false false 3 ' }]);
    assert.deepEqual(map(household), [{ key: ['household'], value: 'false false household home' }]);
    assert.deepEqual(map(configuredPerson), [{ key: ['person'], value: 'false false 3 bob' }]);
    for (const doc of [office, noContactType, report, form]) assert.deepEqual(map(doc), []);
    assert.equal(reduce, '_count');
    assert.deepEqual(reduceRows(reduce!, rows([dh, clinic, alice, nameless, household, configuredPerson]), 'exact'), [
      { key: ['district_hospital'], value: 1 },
      { key: ['clinic'], value: 1 },
      { key: ['person'], value: 3 },
      { key: ['household'], value: 1 },
    ]);
  });

  it('contacts_by_phone: phone as stored -> null, contacts only', () => {
    const { map } = clientView('contacts_by_phone');
    assert.deepEqual(map(alice), [{ key: '+254711111111', value: null }]);
    assert.deepEqual(map(household), [{ key: '0722 000', value: null }]);
    for (const doc of [clinic, office, unverifiedReport, { _id: 'z', type: 'person', phone: '' }]) assert.deepEqual(map(doc), []);
  });

  it('contacts_by_reference: shortcodes and uppercased rc_code -> reported_date', () => {
    const { map } = clientView('contacts_by_reference');
    assert.deepEqual(map(alice), [{ key: ['shortcode', '12345'], value: 5 }]);
    assert.deepEqual(map(clinic), [
      { key: ['shortcode', '98765'], value: null },
      { key: ['external', 'AB12'], value: null },
    ]);
    assert.deepEqual(map(office), [{ key: ['shortcode', 'N1'], value: 7 }]);
    assert.deepEqual(map({ ...household, patient_id: 'h-1', place_id: 'pl-1' }), [
      { key: ['shortcode', 'pl-1'], value: null },
      { key: ['shortcode', 'h-1'], value: null },
    ]);
    assert.deepEqual(map(report), []);
  });

  it('contacts_by_parent: [parentId, typeId] -> null', () => {
    const { map } = clientView('contacts_by_parent');
    assert.deepEqual(map(alice), [{ key: ['c1', 'person'], value: null }]);
    assert.deepEqual(map(household), [{ key: ['c1', 'household'], value: null }]);
    assert.deepEqual(map(clinic), [{ key: ['hc1', 'clinic'], value: null }]);
    for (const doc of [dh, report, { ...noContactType, parent: { _id: 'c1' } }]) assert.deepEqual(map(doc), []);
  });

  it('doc_by_type: [type] -> null, translations: [translations, enabled] -> {code, name}', () => {
    const { map } = clientView('doc_by_type');
    assert.deepEqual(map(form), [{ key: ['form'], value: null }]);
    assert.deepEqual(map(report), [{ key: ['data_record'], value: null }]);
    assert.deepEqual(map({ _id: 'messages-fr', type: 'translations', code: 'fr', name: 'Français', enabled: true }), [
      { key: ['translations', true], value: { code: 'fr', name: 'Français' } },
    ]);
    assert.deepEqual(map({ _id: 'messages-xx', type: 'translations', code: 'xx' }), [
      { key: ['translations', null], value: { code: 'xx', name: null } },
    ]);
    assert.deepEqual(map({ _id: 'untyped' }), []);
  });
});

describe('medic-client report views (data_record with a form only)', () => {
  const nonReports = [incoming, outgoing, alice, { _id: 'q', type: 'data_record', form: '' }];

  it('reports_by_form: [form] -> reported_date, _count reduce for group=true', () => {
    const { map, reduce, rows } = clientView('reports_by_form');
    assert.deepEqual(map(report), [{ key: ['P'], value: 2000 }]);
    assert.deepEqual(map(unverifiedReport), [{ key: ['P'], value: null }]);
    for (const doc of nonReports) assert.deepEqual(map(doc), []);
    assert.equal(reduce, '_count');
    assert.deepEqual(reduceRows(reduce!, rows([report, invalidReport, unverifiedReport, incoming]), 'exact'), [
      { key: ['P'], value: 2 },
      { key: ['V'], value: 1 },
    ]);
  });

  it('reports_by_date: [reported_date] -> reported_date', () => {
    const { map } = clientView('reports_by_date');
    assert.deepEqual(map(report), [{ key: [2000], value: 2000 }]);
    assert.deepEqual(map(unverifiedReport), [{ key: [null], value: null }]);
    for (const doc of nonReports) assert.deepEqual(map(doc), []);
  });

  it('reports_by_validity: [no errors] -> reported_date', () => {
    const { map } = clientView('reports_by_validity');
    assert.deepEqual(map(report), [{ key: [true], value: 2000 }]);
    assert.deepEqual(map(unverifiedReport), [{ key: [true], value: null }]);
    assert.deepEqual(map(invalidReport), [{ key: [false], value: 3000 }]);
    for (const doc of nonReports) assert.deepEqual(map(doc), []);
  });

  it('reports_by_verification: [verified | null] -> reported_date', () => {
    const { map } = clientView('reports_by_verification');
    assert.deepEqual(map(report), [{ key: [true], value: 2000 }]);
    assert.deepEqual(map(unverifiedReport), [{ key: [false], value: null }]);
    assert.deepEqual(map(invalidReport), [{ key: [null], value: 3000 }]);
    for (const doc of nonReports) assert.deepEqual(map(doc), []);
  });

  it('reports_by_place: [ancestor of the contact] -> reported_date', () => {
    const { map } = clientView('reports_by_place');
    assert.deepEqual(map(report), [
      { key: ['c1'], value: 2000 },
      { key: ['hc1'], value: 2000 },
      { key: ['dh1'], value: 2000 },
    ]);
    assert.deepEqual(map(invalidReport), []);
    assert.deepEqual(map({ ...invalidReport, contact: { _id: 'p9' } }), []);
    for (const doc of nonReports) assert.deepEqual(map(doc), []);
  });

  it('reports_by_subject: each distinct subject id -> reported_date', () => {
    const { map } = clientView('reports_by_subject');
    assert.deepEqual(map(report), [
      { key: '12345', value: 2000 },
      { key: '98765', value: 2000 },
      { key: 'case-1', value: 2000 },
      { key: 'p1', value: 2000 },
    ]);
    assert.deepEqual(map({ ...invalidReport, place_id: 'pl-9', fields: { place_uuid: 'c1' } }), [
      { key: 'pl-9', value: 3000 },
      { key: 'c1', value: 3000 },
    ]);
    assert.deepEqual(map(invalidReport), []);
    for (const doc of nonReports) assert.deepEqual(map({ ...doc, fields: { patient_id: '1' }, form: undefined }), []);
  });
});

describe('medic-client messages_by_contact_date', () => {
  const { map, reduce, rows } = clientView('messages_by_contact_date');

  it('keys SMS threads by contact id, else phone -> {id, date, contact}', () => {
    assert.deepEqual(map(incoming), [{ key: ['p1', 3000], value: { id: 'm1', date: 3000, contact: 'p1' } }]);
    assert.deepEqual(map(unknownSender), [{ key: ['+15550000', 3500], value: { id: 'm2', date: 3500, contact: null } }]);
    assert.deepEqual(map(outgoing), [
      { key: ['p1', 4000], value: { id: 'm3', date: 4000, contact: 'p1' } },
      { key: ['+15550000', 4000], value: { id: 'm3', date: 4000, contact: null } },
    ]);
    assert.deepEqual(map({ _id: 'm4', type: 'data_record', sms_message: { message: 'x' } }), [
      { key: ['m4', null], value: { id: 'm4', date: null, contact: null } },
    ]);
    for (const doc of [report, alice, { _id: 'm5', type: 'data_record', reported_date: 1 }]) assert.deepEqual(map(doc), []);
  });

  it('reduces each conversation to its latest message (group_level=1)', () => {
    assert.deepEqual(reduceRows(reduce!, rows([incoming, unknownSender, outgoing]), 1), [
      { key: ['p1'], value: { id: 'm3', date: 4000, contact: 'p1' } },
      { key: ['+15550000'], value: { id: 'm3', date: 4000, contact: null } },
    ]);
  });
});

describe('medic-client validate_doc_update', () => {
  const vdu = validator(ddoc(set, 'medic', 'medic-client').validate_doc_update!);
  const chw = { db: 'medic', name: 'jane', roles: ['chw', 'mm-online'] };
  const forbidden = (result: unknown) => assert.equal(typeof (result as { forbidden?: unknown }).forbidden, 'string');
  const userSettings = { _id: 'org.couchdb.user:jane', _rev: '1-a', name: 'jane', type: 'user-settings', roles: ['chw'], known: true };

  it('lets admins write anything', () => {
    for (const ctx of [{ name: 'a', roles: ['_admin'] }, { name: 'a', roles: ['admin'] }]) {
      assert.equal(vdu(form, null, ctx), 'ok');
      assert.equal(vdu({ _id: 'org.couchdb.user:x', type: 'user-settings' }, null, ctx), 'ok');
    }
    assert.equal(vdu(form, null, { name: 'bob', roles: [] }, { admins: { names: ['bob'] } }), 'ok');
    assert.equal(vdu(form, null, { name: 'bob', roles: ['ops'] }, { admins: { roles: ['ops'] } }), 'ok');
  });

  it('refuses admin-only types and ids to other users', () => {
    for (const doc of [
      form,
      { _id: 'messages-fr', type: 'translations' },
      { _id: 'token:login:abc', type: 'token_login' },
      { _id: 'ui-extension:x', type: 'ui-extension' },
      { _id: 'settings', settings: {} },
      { _id: 'resources' },
      { _id: 'branding' },
      { _id: 'partners' },
      { _id: 'privacy-policies' },
      { _id: 'extension-libs' },
      { _id: 'form:sneaky', type: 'data_record' },
    ]) {
      const result = vdu(doc, null, chw);
      assert.deepEqual(result, { forbidden: 'You are not authorized to edit admin only docs' }, JSON.stringify(doc));
    }
    forbidden(vdu({ _id: 'x', _rev: '2-b', _deleted: true }, { _id: 'x', type: 'form' }, chw));
    forbidden(vdu({ _id: 'x', _rev: '2-b', type: 'data_record' }, { _id: 'x', type: 'translations' }, chw));
  });

  it('lets users write ordinary docs', () => {
    assert.equal(vdu(alice, null, chw), 'ok');
    assert.equal(vdu(report, null, chw), 'ok');
    assert.equal(vdu({ _id: 'x', _deleted: true }, null, chw), 'ok');
  });

  it('user-settings: not creatable, well-formed, roles fixed', () => {
    assert.equal(vdu({ ...userSettings, fullname: 'Jane', language: 'fr' }, userSettings, chw), 'ok');
    assert.equal(vdu({ ...userSettings, known: undefined }, userSettings, chw), 'ok');
    forbidden(vdu(userSettings, null, chw));
    forbidden(vdu(userSettings, { ...userSettings, _deleted: true }, chw));
    forbidden(vdu({ ...userSettings, roles: ['chw', 'national_admin'] }, userSettings, chw));
    forbidden(vdu({ ...userSettings, roles: undefined }, userSettings, chw));
    forbidden(vdu({ ...userSettings, roles: 'chw' }, { ...userSettings, roles: 'chw' }, chw));
    forbidden(vdu({ ...userSettings, known: 'yes' }, userSettings, chw));
    forbidden(vdu({ ...userSettings, name: 'Jane', _id: 'org.couchdb.user:Jane' }, userSettings, chw));
    forbidden(vdu({ ...userSettings, name: 'john' }, userSettings, chw));
    forbidden(vdu({ ...userSettings, name: undefined }, userSettings, chw));
    forbidden(vdu({ ...userSettings, type: 'person' }, userSettings, chw));
    forbidden(vdu({ _id: userSettings._id, _rev: '2-b', _deleted: true }, userSettings, chw));
  });
});

describe('medic validate_doc_update', () => {
  const vdu = validator(ddoc(set, 'medic', 'medic').validate_doc_update!);
  const chw = { db: 'medic', name: 'jane', roles: ['chw'] };

  it('refuses purged docs from non-admins only', () => {
    const purged = { _id: 'r1', _rev: '2-x', purged: true };
    assert.deepEqual(vdu(purged, report, chw), { forbidden: 'Purged documents should not be written to CouchDB!' });
    assert.equal(vdu(purged, report, { name: 'admin', roles: ['_admin'] }), 'ok');
    assert.equal(vdu(report, null, chw), 'ok');
  });

  it("refuses edits of the writer's facility only when userCtx names it (CouchDB's userCtx does not)", () => {
    assert.equal(vdu(clinic, clinic, chw), 'ok');
    assert.equal(typeof (vdu(clinic, clinic, { ...chw, facility_id: 'c1' }) as { forbidden: string }).forbidden, 'string');
    assert.equal(typeof (vdu(clinic, clinic, { ...chw, facility_id: ['x', 'c1'] }) as { forbidden: string }).forbidden, 'string');
    assert.equal(vdu(alice, alice, { ...chw, facility_id: ['c1'] }), 'ok');
    assert.equal(vdu(clinic, clinic, { roles: ['_admin'], facility_id: 'c1' }), 'ok');
  });
});
