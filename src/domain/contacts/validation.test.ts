import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../bootstrap/default-settings.js';
import type { AppSettings } from '../settings.js';
import { isPersonDoc, isPlaceDoc, personTypeIds, placeTypeIds, typeIdOf } from './contact-types.js';
import { isEmptyLike, isNewObject, validatePerson, validatePlace } from './validation.js';

const settings = defaultSettings() as unknown as AppSettings;
const custom: AppSettings = {
  contact_types: [
    { id: 'region', parents: [] },
    { id: 'household', parents: ['region'] },
    { id: 'patient', parents: ['household'], person: true },
  ],
};

describe('contact types (contacts-users §2.1, §2.3)', () => {
  it('type id, person and place tests', () => {
    assert.equal(typeIdOf({ type: 'contact', contact_type: 'household' }), 'household');
    assert.equal(typeIdOf({ type: 'clinic' }), 'clinic');
    assert.equal(isPersonDoc(custom, { type: 'person' }), true, 'literal person even when not configured');
    assert.equal(isPersonDoc(custom, { type: 'contact', contact_type: 'patient' }), true);
    assert.equal(isPlaceDoc(custom, { type: 'clinic' }), false, 'hardcoded place types need configuring');
    assert.equal(isPlaceDoc(custom, { type: 'contact', contact_type: 'household' }), true);
    assert.equal(isPlaceDoc(settings, { type: 'person' }), false);
    assert.deepEqual(personTypeIds(custom), ['patient']);
    assert.deepEqual(placeTypeIds(settings), ['district_hospital', 'health_center', 'clinic']);
  });
});

describe('validatePerson (contacts-users §2.5)', () => {
  it('checks object, type, name, name type, reported_date, in that order', () => {
    assert.equal(validatePerson(settings, 'x'), 'Person must be an object.');
    assert.equal(validatePerson(settings, { type: 'clinic' }), 'Wrong type, this is not a person.');
    assert.equal(validatePerson(settings, { type: 'person', reported_date: 'x' }), 'Person is missing a "name" property.');
    assert.equal(validatePerson(settings, { type: 'person', name: 3 }), 'Property "name" must be a string.');
    assert.equal(validatePerson(settings, { type: 'person', name: 'a', reported_date: 'x' }), 'Reported date is invalid: x');
    assert.equal(validatePerson(settings, { type: 'person', name: '', reported_date: 1 }), undefined);
  });
});

describe('validatePlace (contacts-users §2.6)', () => {
  const dh = { _id: 'dh1', type: 'district_hospital', name: 'DH' };
  it('checks in the reference order, with the place id (or nothing) in the message', () => {
    assert.equal(validatePlace(settings, 'x'), 'Place must be an object.');
    assert.equal(validatePlace(settings, { name: 'a' }), 'Wrong type, object  is not a place.');
    assert.equal(validatePlace(settings, { _id: 'p', type: 'person', name: 'a' }), 'Wrong type, object p is not a place.');
    assert.equal(validatePlace(settings, { type: 'clinic', reported_date: 'x' }), 'Place  is missing a "name" property.');
    assert.equal(validatePlace(settings, { type: 'clinic', name: 1, reported_date: 'x' }), 'Reported date on place  is invalid: x');
    assert.equal(validatePlace(settings, { type: 'clinic', name: 1 }), 'Property "name" on place  must be a string.');
    assert.equal(validatePlace(settings, { _id: 'c', type: 'clinic', name: 'c' }), 'Place c is missing a "parent" property.');
    assert.equal(
      validatePlace(settings, { type: 'health_center', name: 'h', parent: { type: 'clinic' } }),
      'health_center "" should have one of the following parent types: "district_hospital".',
    );
    assert.equal(validatePlace(settings, { ...dh, contact: 5 }), 'Property "contact" on place dh1 must be an object or string.');
    assert.equal(validatePlace(settings, { ...dh, contact: 'p1' }), undefined);
  });

  it('joins several parent types with a comma and validates up the parent chain', () => {
    const multi: AppSettings = { contact_types: [{ id: 'a' }, { id: 'b' }, { id: 'c', parents: ['a', 'b'] }] };
    assert.equal(validatePlace(multi, { type: 'c', name: 'x', parent: { type: 'c' } }), 'c "" should have one of the following parent types: "a,b".');
    const hc = { _id: 'hc1', type: 'health_center', name: 'HC', parent: { _id: 'dh1', type: 'district_hospital' } };
    assert.equal(validatePlace(settings, { type: 'clinic', name: 'c', parent: hc }), 'Place dh1 is missing a "name" property.');
    assert.equal(validatePlace(settings, { type: 'clinic', name: 'c', parent: { ...hc, parent: dh } }), undefined);
    assert.equal(validatePlace(settings, { ...dh, parent: {} }), undefined, 'an empty parent is not validated');
  });

  it('lodash-like helpers', () => {
    assert.equal(isEmptyLike({}), true);
    assert.equal(isEmptyLike([]), true);
    assert.equal(isEmptyLike(5), true);
    assert.equal(isEmptyLike({ a: 1 }), false);
    assert.equal(isNewObject({ name: 'a' }), true);
    assert.equal(isNewObject({ _rev: '1-a' }), false);
    assert.equal(isNewObject('id'), false);
  });
});
