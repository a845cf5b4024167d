import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordError, passwordScore, randomPassword, RANDOM_ALPHABET } from './password.js';

describe('password rules', () => {
  it('scores length + 2 × distinct + 15 × (classes − 1), as simple-password-tester does', () => {
    assert.equal(passwordScore('password'), 22);
    assert.equal(passwordScore('pass1234!'), 55);
    assert.equal(passwordScore('under_score'), 11 + 2 * 9, 'underscore is a word character: one class');
    assert.equal(passwordScore(12345678), 0);
  });

  it('checks the length first, then the score', () => {
    assert.equal(passwordError('aB1!')?.translationKey, 'password.length.minimum');
    assert.deepEqual(passwordError(undefined)?.translationParams, { minimum: 8 });
    assert.equal(passwordError('password')?.translationKey, 'password.weak');
    assert.equal(passwordError('pass1234!'), undefined);
  });

  it('a non-string password without a length (a number, true) is weak, as in the reference (`undefined < 8` is false, its score 0)', () => {
    for (const value of [123456789, 12, true, { a: 'pass1234!' }]) assert.equal(passwordError(value)?.translationKey, 'password.weak', JSON.stringify(value));
    assert.equal(passwordError(['a', 'b'])?.translationKey, 'password.length.minimum', 'an array has a length');
  });

  it('generates 20-character passwords over the alphabet that always pass', () => {
    for (let i = 0; i < 50; i++) {
      const pw = randomPassword();
      assert.equal(pw.length, 20);
      assert.ok([...pw].every((c) => RANDOM_ALPHABET.includes(c)));
      assert.equal(passwordError(pw), undefined);
    }
  });
});
