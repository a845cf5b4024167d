import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localDayMs } from '../sms/dates.js';
import { buildJsonRecord, errorLocale } from './build-records.js';
import { reportedDateMs } from './data-record.js';
import { translateError } from './record-errors.js';

const DEF = {
  fields: {
    name: { type: 'string', required: true },
    dob: { type: 'date' },
    ok: { type: 'boolean' },
    age: { type: 'integer' },
    nickName: { type: 'string' },
    'visit.weight': { type: 'integer' },
  },
};
const SETTINGS = { default_country_code: 254 };
const NOW = 1_700_000_000_000;

describe('JSON records (settings spec §5.2)', () => {
  it('coerces dates and 1/0 booleans, lower-cases keys and keeps only defined fields', () => {
    const body = { NAME: 'Sam', dob: '2024-01-02', ok: 1, AGE: 12, NickName: 'S', 'visit.weight': 60, extra: 'dropped', _meta: {} };
    const meta = { form: 'TEST', from: '0712345678', reported_date: 1352399720000, custom: 'kept' };
    const { doc, errors } = buildJsonRecord(body, meta, DEF, SETTINGS, NOW);
    assert.deepEqual(doc, {
      type: 'data_record',
      from: '+254712345678',
      form: 'TEST',
      errors: [],
      tasks: [],
      fields: { name: 'Sam', dob: localDayMs(2024, 1, 2), ok: true, age: 12, nickName: 'S', visit: { weight: 60 } },
      reported_date: 1352399720000,
      sms_message: meta,
    });
    assert.deepEqual(errors, []);
  });

  it('coerces only keys named exactly as the field, and reports types and missing fields', () => {
    const { doc, errors } = buildJsonRecord({ DOB: '2024-01-02', ok: 0, age: '12' }, { form: 'TEST' }, DEF, SETTINGS, NOW);
    assert.deepEqual(doc.fields, { dob: '2024-01-02', ok: false, age: '12' });
    assert.equal(doc.reported_date, NOW);
    assert.equal(doc.from, undefined);
    assert.deepEqual(
      errors.map((e) => translateError(e, []).message),
      ['Missing or invalid fields: name.', 'Incorrect type of field age, expected integer.'],
    );
  });

  it('stores an unreadable date as null', () => {
    const { doc } = buildJsonRecord({ name: 'x', dob: 'someday' }, { form: 'TEST' }, DEF, SETTINGS, NOW);
    assert.equal((doc.fields as { dob: unknown }).dob, null);
  });
});

describe('record helpers', () => {
  it('reads reported_date like the reference', () => {
    assert.equal(reportedDateMs(5, NOW), 5);
    assert.equal(reportedDateMs('1352399720000', NOW), 1352399720000);
    assert.equal(reportedDateMs('2013-01-01T10:00:00Z', NOW), Date.UTC(2013, 0, 1, 10));
    assert.equal(reportedDateMs('nonsense', NOW), NOW);
    assert.equal(reportedDateMs(undefined, NOW), NOW);
    assert.equal(reportedDateMs(Number.NaN, NOW), NOW);
  });

  it('picks the error locale from the record, fields, SMS, settings, then English', () => {
    assert.equal(errorLocale({ locale: 'a', fields: { locale: 'b' } }, { locale: 'c' }), 'a');
    assert.equal(errorLocale({ fields: { locale: 'b' }, sms_message: { locale: 's' } }, {}), 'b');
    assert.equal(errorLocale({ sms_message: { locale: 's' } }, { locale: 'c' }), 's');
    assert.equal(errorLocale({}, { locale: 'c' }), 'c');
    assert.equal(errorLocale({}, {}), 'en');
  });

  it('translates from the first map that has the code, then English, then the code', () => {
    const err = { code: 'sys.missing_fields', ctx: { fields: 'a,b' } };
    assert.equal(translateError(err, [undefined, { 'sys.missing_fields': 'Champs manquants : {{fields}}' }]).message, 'Champs manquants : a,b');
    assert.equal(translateError(err, [{}]).message, 'Missing or invalid fields: a,b.');
    assert.equal(translateError({ code: 'custom.code' }, []).message, 'custom.code');
  });
});
