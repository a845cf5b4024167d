import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidPhone, normalizePhone } from './phone.js';

describe('phone numbers', () => {
  const kenya = { default_country_code: 254 };

  it('formats valid numbers as E.164', () => {
    assert.equal(normalizePhone(kenya, '+40 (722) 444-444'), '+40722444444');
    assert.equal(normalizePhone(kenya, '0712 345 678'), '+254712345678');
    assert.equal(normalizePhone({ default_country_code: 1 }, '(202) 555-0143'), '+12025550143');
  });

  it('refuses numbers with letters, empty values and non-strings', () => {
    for (const value of ['+254712345678a', 'abc', '', '   ', undefined, null, {}]) {
      assert.equal(isValidPhone(kenya, value), false, String(value));
      assert.equal(normalizePhone(kenya, value), undefined);
    }
  });

  it('applies full validation by default, possible-number with partial, parse-only with none', () => {
    const tooShort = '+2547123';
    assert.equal(isValidPhone(kenya, tooShort), false);
    assert.equal(isValidPhone({ ...kenya, phone_validation: 'none' }, tooShort), true);
    assert.equal(isValidPhone({ ...kenya, phone_validation: 'partial' }, '+254 7123 45678'), true);
    assert.equal(isValidPhone({ ...kenya, phone_validation: 'partial' }, '+25412'), false);
  });

  it('formats valid short numbers in national format', () => {
    assert.equal(normalizePhone({ default_country_code: 1 }, '911'), '911');
  });
});
