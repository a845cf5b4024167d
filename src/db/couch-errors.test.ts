import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toAppError } from './couch-errors.js';

describe('toAppError', () => {
  it('maps a URL too long for the database (414 from CouchDB, 431 from a Node server) to 400 naming the problem', () => {
    for (const statusCode of [414, 431]) {
      const err = toAppError(Object.assign(new Error('request failed'), { statusCode, error: 'too_long' }));
      assert.equal(err.status, 400, String(statusCode));
      assert.equal(err.message, 'Document id too long');
    }
  });

  it('keeps unknown statuses a 500', () => {
    assert.equal(toAppError(Object.assign(new Error('x'), { statusCode: 502 })).status, 500);
  });
});
