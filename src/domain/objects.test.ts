import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRecord, ownValue, setOwn } from './objects.js';

describe('plain-object helpers', () => {
  it('isRecord: objects only, not null or arrays', () => {
    assert.deepEqual([{}, [], null, 'x', 1, undefined].map(isRecord), [true, false, false, false, false, false]);
  });

  it('ownValue reads own entries only', () => {
    const table: Record<string, string> = { a: 'A' };
    assert.equal(ownValue(table, 'a'), 'A');
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) assert.equal(ownValue(table, key), undefined, key);
    assert.equal(ownValue(undefined, 'a'), undefined);
  });

  it('ownValue finds nothing in containers that are not objects', () => {
    for (const container of [null, 5, 'abc', true]) {
      assert.equal(ownValue(container as unknown as Record<string, string>, '0'), undefined, String(container));
      assert.equal(ownValue(container as unknown as Record<string, string>, 'length'), undefined, String(container));
    }
    assert.equal(ownValue(['a'] as unknown as Record<string, string>, '0'), 'a', 'arrays are objects: indices are own keys');
  });

  it('setOwn makes __proto__ an own key and leaves the prototype alone', () => {
    const target: Record<string, unknown> = {};
    setOwn(target, '__proto__', { polluted: true });
    assert.equal(Object.getPrototypeOf(target), Object.prototype);
    assert.deepEqual(Object.keys(target), ['__proto__']);
    assert.equal(ownValue(target, '__proto__') !== undefined, true);
  });
});
