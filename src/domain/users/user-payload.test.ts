import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../bootstrap/default-settings.js';
import { payloadRoles, withOnlineRole } from './roles.js';
import { contactIdOf, facilityIds, isMissing, missingFields } from './user-payload.js';

const settings = { ...DEFAULT_SETTINGS, token_login: { enabled: true } } as unknown as Record<string, unknown>;

describe('user payloads', () => {
  it('missing: falsy, all-falsy arrays and objects', () => {
    for (const v of [undefined, null, '', 0, false, [], [null, ''], {}, { name: '', parent: '' }]) assert.equal(isMissing(v), true, JSON.stringify(v));
    for (const v of ['x', [0, 'a'], { name: 'n' }, true]) assert.equal(isMissing(v), false, JSON.stringify(v));
  });

  it('required fields by token login, SSO and offline roles', () => {
    assert.deepEqual(missingFields(settings, {}), ['username', 'password', 'type or roles']);
    assert.deepEqual(missingFields(settings, { username: 'u', token_login: true, roles: ['x'] }), ['phone', 'place', 'contact']);
    assert.deepEqual(missingFields(settings, { username: 'u', oidc_username: 'o', type: 'national_admin' }), []);
    assert.deepEqual(missingFields(settings, { username: 'u', password: 'p', roles: ['chw', 'mm-online'] }), []);
  });

  it('facility_id and contact_id of place and contact values', () => {
    assert.equal(facilityIds(undefined), undefined);
    assert.equal(facilityIds(null), null);
    assert.equal(facilityIds(''), null);
    assert.deepEqual(facilityIds(['a', '', 'b']), ['a', 'b']);
    assert.deepEqual(facilityIds({ _id: 'p' }), ['p']);
    assert.equal(contactIdOf(null), null);
    assert.equal(contactIdOf({ _id: 'c' }), 'c');
  });

  it('roles: a string `type` expands (legacy types, own keys only) and overrides `roles`; any other `type` is kept as one role', () => {
    assert.deepEqual(payloadRoles({ type: 'gateway', roles: ['x'] }), ['gateway', 'kujua_gateway']);
    assert.deepEqual(payloadRoles({ type: 'constructor' }), ['constructor']);
    assert.deepEqual(payloadRoles({ type: '', roles: ['x'] }), ['x']);
    assert.deepEqual(payloadRoles({ type: { a: 1 } }), [{ a: 1 }]);
    assert.deepEqual(payloadRoles({ type: ['national_admin'] }), [['national_admin']]);
  });

  it('mm-online: appended to online roles, never added to offline ones', () => {
    assert.deepEqual(withOnlineRole(DEFAULT_SETTINGS, ['national_admin']), ['national_admin', 'mm-online']);
    assert.deepEqual(withOnlineRole(DEFAULT_SETTINGS, ['chw']), ['chw']);
    assert.deepEqual(withOnlineRole(DEFAULT_SETTINGS, ['new_role']), ['new_role']);
    assert.deepEqual(withOnlineRole(DEFAULT_SETTINGS, ['admin']), ['admin', 'mm-online']);
  });
});
