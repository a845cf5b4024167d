import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hydrate, lineageIdsOf, membersOf, patientReference, placeReference, referencedIds } from './hydration.js';

type Json = Record<string, unknown>;
const index = (...docs: Json[]) => new Map(docs.map((d) => [d._id as string, d]));

const dh = { _id: 'dh', _rev: '1', type: 'district_hospital', name: 'DH', parent: '', contact: { _id: 'sup', parent: { _id: 'dh' } } };
const hc = { _id: 'hc', _rev: '1', type: 'health_center', name: 'HC', parent: { _id: 'dh' }, contact: { _id: 'chw', parent: { _id: 'hc', parent: { _id: 'dh' } } } };
const sup = { _id: 'sup', _rev: '1', type: 'person', name: 'Sup', parent: { _id: 'dh' } };
const chw = { _id: 'chw', _rev: '1', type: 'person', name: 'CHW', parent: { _id: 'hc', parent: { _id: 'dh' } } };

describe('hydration (contacts-users §4.6)', () => {
  it('fills each parent level and each level’s primary contact, contacts as stored', () => {
    const out = hydrate(chw, index(chw, hc, dh, sup));
    assert.deepEqual(out, {
      ...chw,
      parent: { ...hc, contact: chw, parent: { ...dh, contact: sup } },
    });
    assert.deepEqual(chw.parent, { _id: 'hc', parent: { _id: 'dh' } }, 'the input is not changed');
  });

  it('never changes the docs it was given, stubs included', () => {
    const docs = [chw, hc, dh, sup, { _id: 'r', type: 'data_record', contact: { _id: 'chw', parent: { _id: 'gone', parent: { _id: 'dh' } } } }];
    const before = structuredClone(docs);
    const idx = index(chw, dh, sup);
    hydrate(docs[4] as Json, idx);
    hydrate(chw, index(chw, dh));
    hydrate(hc, idx);
    assert.deepEqual(docs, before);
  });

  it('keeps the stored stub of a missing ancestor and goes on above it', () => {
    const out = hydrate(chw, index(chw, dh)) as { parent: Json };
    assert.deepEqual(out.parent, { _id: 'hc', parent: dh });
  });

  it('the top ancestor keeps its own stored parent value', () => {
    const out = hydrate(hc, index(hc, dh, chw, sup)) as { parent: Json; contact: Json };
    assert.equal(out.parent.parent, '');
    assert.deepEqual(out.contact, chw, 'a place’s own contact is hydrated');
  });

  it('leaves a contact without _id, a bare string contact and unknown linked docs alone', () => {
    assert.deepEqual(hydrate({ ...hc, contact: {} }, index(dh)).contact, {});
    assert.equal(hydrate({ ...hc, contact: 'chw' }, index(dh, chw)).contact, 'chw');
    const linked = hydrate({ ...chw, linked_docs: { a: 'sup', b: { _id: 'nope' } } }, index(sup)) as { linked_docs: Json };
    assert.deepEqual(linked.linked_docs, { a: sup, b: { _id: 'nope' } });
  });

  it('reports: contact with lineage, patient and place subjects with theirs; other docs as they are', () => {
    const report = { _id: 'r', type: 'data_record', form: 'F', contact: { _id: 'chw', parent: { _id: 'hc', parent: { _id: 'dh' } } }, fields: { patient_id: '123' } };
    const out = hydrate(report, index(chw, hc, dh, sup), { patient: 'sup', place: 'hc' }) as Record<string, Json>;
    assert.deepEqual(out.contact, { ...chw, parent: { ...hc, contact: chw, parent: { ...dh, contact: sup } } });
    assert.deepEqual(out.patient, { ...sup, parent: { ...dh, contact: sup } });
    assert.deepEqual(out.place, { ...hc, contact: chw, parent: { ...dh, contact: sup } });
    const other = { _id: 'x', type: 'task', parent: { _id: 'hc' } };
    assert.equal(hydrate(other, index(hc)), other);
  });

  it('what to fetch: lineage ids, subject references, members’ contacts and linked docs', () => {
    assert.deepEqual(lineageIdsOf(chw), ['hc', 'dh']);
    assert.deepEqual(lineageIdsOf({ _id: 'r', type: 'data_record', contact: { _id: 'chw', parent: { _id: 'hc' } } }), ['chw', 'hc']);
    assert.deepEqual(lineageIdsOf({ _id: 'f', type: 'form', parent: { _id: 'hc' } }), []);
    const report = { _id: 'r', type: 'data_record', patient_id: 9, fields: { patient_uuid: 'u1', place_id: 77 } };
    assert.equal(patientReference(report), 'u1');
    assert.equal(placeReference(report), '77');
    assert.equal(patientReference({ ...report, fields: {} }), '9');
    assert.equal(patientReference(chw), undefined);
    assert.deepEqual(membersOf(chw, index(hc, dh)).map((d) => d._id), ['chw', 'hc', 'dh']);
    assert.deepEqual(referencedIds([hc, dh, { _id: 'z', linked_docs: { a: 'l1', b: { _id: 'l2' } } }]), ['chw', 'sup', 'l1', 'l2']);
  });
});
