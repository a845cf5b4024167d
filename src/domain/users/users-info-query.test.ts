import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoleParam, queriedUser } from './users-info-query.js';
import { tokenLoginUrl, uuidv7 } from './token-login.js';

describe('users-info query', () => {
  it('role: a JSON string or array, else one role name', () => {
    assert.deepEqual(parseRoleParam('["a","b"]'), ['a', 'b']);
    assert.deepEqual(parseRoleParam('"a"'), ['a']);
    assert.deepEqual(parseRoleParam('chw'), ['chw']);
    assert.throws(() => parseRoleParam('3'), /either a string or a JSON encoded array/);
    assert.throws(() => parseRoleParam('[1]'), /All roles should be strings/);
  });

  it('facility ids as a list; contact optional', () => {
    assert.deepEqual(queriedUser({ role: 'chw', facility_id: ['a', 'b'] }), { roles: ['chw'], facilityIds: ['a', 'b'], contactId: undefined });
  });
});

describe('token login values', () => {
  it('the link keeps /medic/ whatever the database, without doubled slashes', () => {
    assert.equal(tokenLoginUrl('https://x.org///', 'T'), 'https://x.org/medic/login/token/T');
  });

  it('uuid v7: time first, version and variant bits', () => {
    const id = uuidv7(0x0123456789ab);
    assert.match(id, /^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
