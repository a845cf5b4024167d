import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidReportedDate, parseReportedDate, reportedDateOrNow } from './reported-date.js';

describe('reported_date parsing (moment strict, contacts-users §4.5)', () => {
  it('reads the examples of the API page, with every offset form', () => {
    assert.equal(parseReportedDate('2011-10-10T14:48:00-0300'), Date.UTC(2011, 9, 10, 17, 48));
    assert.equal(parseReportedDate('2016-07-01T13:48:24+00:00'), Date.UTC(2016, 6, 1, 13, 48, 24));
    assert.equal(parseReportedDate('2016-07-01T13:48:24Z'), Date.UTC(2016, 6, 1, 13, 48, 24));
    assert.equal(parseReportedDate('2016-07-01T13:48:24z'), Date.UTC(2016, 6, 1, 13, 48, 24));
    assert.equal(parseReportedDate('2016-07-01T13:48:24+05'), Date.UTC(2016, 6, 1, 8, 48, 24));
    assert.equal(parseReportedDate('2016-07-01T13:48:24+1245'), Date.UTC(2016, 6, 1, 1, 3, 24));
    assert.equal(parseReportedDate('2016-07-01T13:48:24.123Z'), Date.UTC(2016, 6, 1, 13, 48, 24, 123));
    assert.equal(parseReportedDate('1467383343484'), 1467383343484);
  });

  it('stringifies numbers: epoch ms (and seconds, taken as ms) are valid', () => {
    assert.equal(parseReportedDate(1467383343484), 1467383343484);
    assert.equal(parseReportedDate(1467383343), 1467383343);
    assert.equal(parseReportedDate(0), 0);
    assert.equal(parseReportedDate('-1000'), -1000);
  });

  it('is strict: widths, separators, no offset, leftovers, impossible dates', () => {
    for (const bad of [
      '2016-07-01', '2016-07-01T13:48:24', '2016-7-01T13:48:24Z', '2016-07-01 13:48:24Z', '2016-07-01t13:48:24Z',
      '2016-07-01T13:48:24.12Z', '2016-07-01T13:48:24.1234Z', ' 2016-07-01T13:48:24Z', '2016-07-01T13:48:24Z ',
      '2016-02-30T00:00:00Z', '2015-02-29T00:00:00Z', '2016-13-01T00:00:00Z', '2016-07-01T13:60:00Z', '2016-07-01T24:00:01Z',
      '2016-07-01T13:48:24+0', '1.5', '1e3', 'abc', '', 'true', '99999999999999999',
    ]) {
      assert.equal(parseReportedDate(bad), undefined, bad);
    }
    assert.equal(parseReportedDate('2016-02-29T00:00:00Z'), Date.UTC(2016, 1, 29));
    assert.equal(parseReportedDate('2016-07-01T24:00:00Z'), Date.UTC(2016, 6, 2), '24:00 is the end of the day');
    assert.equal(parseReportedDate('0099-01-01T00:00:00Z'), new Date('0099-01-01T00:00:00Z').getTime(), 'years below 100 stay');
  });

  it('null, objects and booleans are invalid', () => {
    for (const bad of [null, undefined, {}, [], true, false]) assert.equal(isValidReportedDate(bad), false, String(bad));
  });

  it('falsy values become now', () => {
    const now = () => 42;
    assert.equal(reportedDateOrNow(undefined, now), 42);
    assert.equal(reportedDateOrNow(0, now), 42);
    assert.equal(reportedDateOrNow('', now), 42);
    assert.equal(reportedDateOrNow('2016-07-01T13:48:24Z', now), Date.UTC(2016, 6, 1, 13, 48, 24));
  });
});
