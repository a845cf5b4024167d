import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchDependencies } from './batch-order.js';

describe('batchDependencies', () => {
  it('independent users, even under the same existing parent place, do not wait', () => {
    assert.deepEqual(
      batchDependencies([
        { username: 'a', place: { name: 'A', parent: 'dh1' } },
        { username: 'b', place: { name: 'B', parent: 'dh1' } },
        { username: 'c', place: 'hc1' },
      ]),
      [[], [], []],
    );
  });

  it('the same name, a place created with an _id and used later, a shared contact: the later user waits', () => {
    assert.deepEqual(
      batchDependencies([
        { username: 'a', place: { _id: 'new-hc', name: 'HC', parent: 'dh1' }, contact: { name: 'x' } },
        { username: 'b', place: 'new-hc', contact: 'p1' },
        { username: 'a' },
        { username: 'd', place: 'hc1', contact: 'p1' },
        { username: 'e', place: { name: 'Under new', parent: 'new-hc' } },
      ]),
      [[], [0], [0], [1], [0]],
    );
  });

  it('users claiming the same oidc_username run in order (the second must see the first one\'s _users doc)', () => {
    assert.deepEqual(
      batchDependencies([
        { username: 'a', oidc_username: 'ann@idp' },
        { username: 'b', oidc_username: 'bob@idp' },
        { username: 'c', oidc_username: 'ann@idp' },
        { username: 'd', oidc_username: '' },
      ]),
      [[], [], [0], []],
    );
  });

  it('a user creating a doc another one read before waits for that reader', () => {
    assert.deepEqual(batchDependencies([{ username: 'a', place: 'x' }, { username: 'b', place: { _id: 'x', name: 'X' } }]), [[], [0]]);
  });
});
