/**
 * Parser table: for each message format and field type of settings spec §5.3, the exact record
 * fields and the translated errors a message produces.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSmsRecord, type RecordAppSettings } from '../records/build-records.js';
import { translateError } from '../records/record-errors.js';
import { localDayMs } from './dates.js';

const FORMS = {
  TEST: {
    meta: { code: 'TEST' },
    facility_reference: 'facility_id',
    fields: {
      facility_id: { type: 'string', labels: { tiny: { en: 'RC' } }, required: true },
      year: { type: 'integer', labels: { tiny: { en: 'YR' } }, required: true },
      month: { type: 'integer', labels: { tiny: { en: 'MO' } }, list: [[1, { en: 'January', fr: 'Janvier' }], [2, { en: 'February' }]] },
      ok: { type: 'boolean', labels: { tiny: 'OK' } },
      dob: { type: 'date', labels: { tiny: 'DOB' } },
      phone: { type: 'phone_number', labels: { tiny: 'PH' } },
      mnth: { type: 'month', labels: { tiny: 'M' } },
      'group.child': { type: 'string', labels: { tiny: 'GC' } },
      color: { type: 'string', labels: { tiny: 'C' }, list: [['r', { en: 'Red', fr: 'Rouge' }], ['g', 'Green']] },
      misc: { type: 'custom', labels: { tiny: 'X' } },
    },
  },
  ANC: {
    fields: {
      patient_id: { type: 'string', labels: { tiny: { en: 'ID' }, short: { en: 'Patient' } } },
      name: { type: 'string', labels: { tiny: { en: 'N', ne: 'ना' } } },
      weeks: { type: 'integer', labels: { tiny: { en: 'W' } } },
      lmp: { type: 'date', labels: { tiny: { en: 'L' } } },
      visit: { type: 'boolean', labels: { tiny: { en: 'V' } } },
    },
  },
  C: {
    fields: {
      patient_id: { type: 'string', labels: { tiny: 'PID' } },
      age: { type: 'integer', labels: { tiny: 'AGE' } },
      notes: { type: 'string', labels: { tiny: 'NOTE' } },
    },
  },
  CI: { fields: { a: { type: 'integer', labels: { tiny: 'A' } }, b: { type: 'integer', labels: { tiny: 'B' } } } },
  BS: {
    fields: {
      bs_year: { type: 'bsYear', labels: { tiny: 'Y' } },
      bs_month: { type: 'bsMonth', labels: { tiny: 'MN' } },
      bs_day: { type: 'bsDay', labels: { tiny: 'D' } },
      date: { type: 'bsAggreDate', labels: { tiny: 'DT' } },
      other: { type: 'bsDate', labels: { tiny: 'BD' } },
    },
  },
};

const SETTINGS: RecordAppSettings = { forms: FORMS, default_country_code: 254, locale: 'en' };
const NOW = 1_700_000_000_000;

/** What a message turns into: form, fields and translated errors, as JSON would store them. */
function record(message: string, settings: Partial<RecordAppSettings> = {}, locale?: string) {
  const { doc, errors } = buildSmsRecord({ from: '+254712345678', message, locale }, { ...SETTINGS, ...settings }, NOW);
  const translated = errors.map((e) => translateError(e, []));
  return JSON.parse(JSON.stringify({ form: doc.form, fields: doc.fields, errors: translated, refid: doc.refid }));
}

const missing = (fields: string) => ({ code: 'sys.missing_fields', message: `Missing or invalid fields: ${fields}.` });
const incorrect = (key: string, type: string) => ({ code: 'sys.incorrect_type', message: `Incorrect type of field ${key}, expected ${type}.` });
const day = localDayMs;
const BS_2080_01_01 = day(2023, 4, 14);
const BS_2080_01_15 = day(2023, 4, 28);

interface Row {
  name: string;
  message: string;
  settings?: Partial<RecordAppSettings>;
  locale?: string;
  form?: string;
  fields: Record<string, unknown>;
  errors?: Array<{ code: string; message: string }>;
  refid?: string;
}

const TABLE: Row[] = [
  // Muvuku positional: every field present, definition order, values trimmed
  {
    name: 'positional, every field type',
    message: '1!TEST!RC123# 2024 #2#1#2024-03-05#0712 345 678#7#kid#r#zz',
    form: 'TEST',
    fields: { facility_id: 'RC123', year: 2024, month: 'February', ok: true, dob: day(2024, 3, 5), phone: '+254712345678', mnth: 7, group: { child: 'kid' }, color: 'Red', misc: 'zz' },
    errors: [],
    refid: 'RC123',
  },
  {
    name: 'positional, list labels in the message locale, false boolean, unparseable phone kept raw',
    message: '1!TEST!a#2024#1#0#x#12ab#1#k#g',
    locale: 'fr',
    form: 'TEST',
    fields: { facility_id: 'a', year: 2024, month: 'Janvier', ok: false, dob: null, phone: '12ab', mnth: 1, group: { child: 'k' }, color: 'Green' },
    errors: [],
    refid: 'A',
  },
  {
    name: 'positional, surplus values',
    message: '1!TEST!a#1#1#0#2024-01-01#x#1#k#g#m#extra',
    form: 'TEST',
    fields: { facility_id: 'a', year: 1, month: 'January', ok: false, dob: day(2024, 1, 1), phone: 'x', mnth: 1, group: { child: 'k' }, color: 'Green', misc: 'm' },
    errors: [{ code: 'extra_fields', message: 'Extra fields.' }],
    refid: 'A',
  },
  {
    name: 'positional, omitted fields stay undefined and required ones are missing',
    message: '1!TEST!RC1',
    form: 'TEST',
    fields: { facility_id: 'RC1', group: {} },
    errors: [missing('year')],
    refid: 'RC1',
  },
  {
    name: 'positional, empty and malformed values become null',
    message: '1!TEST!#abc#9#2#not a date###x',
    form: 'TEST',
    fields: { facility_id: null, year: null, month: null, ok: null, dob: null, phone: null, mnth: null, group: { child: 'x' } },
    errors: [missing('facility_id,year')],
  },
  { name: 'positional, a decimal is not an integer', message: '1!TEST!a#1.5', form: 'TEST', fields: { facility_id: 'a', year: 1.5, group: {} }, errors: [incorrect('year', 'integer')], refid: 'A' },
  {
    name: 'positional, Devanagari digits',
    message: '1!TEST!RC१#२०८०#१#१#२०२४-०३-०५##१२',
    form: 'TEST',
    fields: { facility_id: 'RC१', year: 2080, month: 'January', ok: true, dob: day(2024, 3, 5), phone: null, mnth: 12, group: {} },
    errors: [],
    refid: 'RC१',
  },
  { name: 'positional, lower-case code', message: '1!test!a#2024', form: 'TEST', fields: { facility_id: 'a', year: 2024, group: {} }, errors: [], refid: 'A' },
  { name: 'Muvuku prefix without a parser gives no data', message: '2!TEST!a#2024', form: 'TEST', fields: {}, errors: [missing('facility_id,year')] },
  {
    name: 'zero-width characters in the code',
    message: '1!TE\u200BST\uFEFF!a#2024',
    form: 'TEST',
    fields: { facility_id: 'a', year: 2024, group: {} },
    errors: [],
    refid: 'A',
  },
  // Muvuku labelled
  {
    name: 'labelled, labels in any case and order, escaped #',
    message: 'J1!TEST!yr#2024#RC#R\\#1#mo#2#nope#x',
    form: 'TEST',
    fields: { facility_id: 'R#1', year: 2024, month: 'February', group: {} },
    errors: [],
    refid: 'R#1',
  },
  // TextForms
  {
    name: 'TextForms, every component',
    message: 'ANC #ID 12345 #N Sam Smith #W 12 #L 2024-01-15 #V 1',
    form: 'ANC',
    fields: { patient_id: '12345', name: 'Sam Smith', weeks: 12, lmp: day(2024, 1, 15), visit: true },
    errors: [],
  },
  {
    name: 'TextForms, no spaces, Devanagari digits, a zero value, a leading zero kept',
    message: 'anc#id४५६#w0#n007',
    form: 'ANC',
    fields: { patient_id: '456', weeks: 0, name: '007' },
    errors: [],
  },
  { name: 'TextForms, separators after keys', message: 'ANC: #N: Ann #W-3', form: 'ANC', fields: { name: 'Ann', weeks: 3 }, errors: [] },
  { name: 'TextForms, a repeated key collects an array', message: 'ANC #N a #N b', form: 'ANC', fields: { name: ['a', 'b'] }, errors: [incorrect('name', 'string')] },
  { name: 'TextForms, unknown keys ignored', message: 'ANC #X 1 #W 2', form: 'ANC', fields: { weeks: 2 }, errors: [] },
  { name: 'TextForms without #: the text opens with a label and a space', message: 'ANC N Sam', form: 'ANC', fields: { name: 'Sam' }, errors: [] },
  { name: 'TextForms without #: a label followed by digits', message: 'ANC ID12345', form: 'ANC', fields: { patient_id: '12345' }, errors: [] },
  { name: 'TextForms, a short label opens the text', message: 'ANC patient 9', form: 'ANC', fields: {}, errors: [] },
  { name: 'TextForms, translated tiny label', message: 'ANC #ना Sita', locale: 'ne', form: 'ANC', fields: { name: 'Sita' }, errors: [] },
  { name: 'TextForms, zero-width code', message: 'AN\u200DC #W 5', form: 'ANC', fields: { weeks: 5 }, errors: [] },
  // compact
  { name: 'compact, trailing string field takes the rest', message: 'C 123 45 some  long note', form: 'C', fields: { patient_id: '123', age: 45, notes: 'some long note' }, errors: [] },
  { name: 'compact, quoted tokens keep their spaces', message: 'C "12 3" 45 "quoted  note" tail', form: 'C', fields: { patient_id: '12 3', age: 45, notes: 'quoted  note tail' }, errors: [] },
  { name: 'compact, code followed by separators', message: 'c-123 x', form: 'C', fields: { patient_id: '123', age: null }, errors: [] },
  { name: 'compact, only the code', message: 'C', form: 'C', fields: {}, errors: [] },
  { name: 'compact, surplus tokens after a non-string field are ignored', message: 'CI 1 2 3', form: 'CI', fields: { a: 1, b: 2 }, errors: [] },
  // Bikram Sambat
  { name: 'BS year, month and day aggregated', message: '1!BS!2080#1#1##', form: 'BS', fields: { bs_year: 2080, bs_month: 1, bs_day: 1, date: BS_2080_01_01, other: null }, errors: [] },
  { name: 'BS in Devanagari digits', message: '1!BS!२०८०#१#१५', form: 'BS', fields: { bs_year: 2080, bs_month: 1, bs_day: 15, date: BS_2080_01_15 }, errors: [] },
  { name: 'BS aggregate defaults month and day to 1', message: 'BS 2080', form: 'BS', fields: { bs_year: 2080, date: BS_2080_01_01 }, errors: [] },
  { name: 'BS aggregate of an impossible date is null', message: 'BS 2080 13 1', form: 'BS', fields: { bs_year: 2080, bs_month: 13, bs_day: 1, date: null }, errors: [] },
  { name: 'BS aggregate without a year is null', message: 'BS', form: 'BS', fields: { date: null }, errors: [] },
  { name: 'bsDate with any separator', message: 'BS #BD 2080/01/15', form: 'BS', fields: { other: BS_2080_01_15, date: null }, errors: [] },
  { name: 'bsDate in Devanagari digits', message: '1!BS!####२०८०-०१-१५', form: 'BS', fields: { bs_year: null, bs_month: null, bs_day: null, date: null, other: BS_2080_01_15 }, errors: [] },
  { name: 'bsDate out of range', message: 'BS #BD 1800-01-01', form: 'BS', fields: { other: null, date: null }, errors: [] },
  // no form
  { name: 'unknown form: plain message, form dropped', message: 'HELLO world', fields: {}, errors: [] },
  {
    name: 'unknown form in forms_only_mode',
    message: 'hello world',
    settings: { forms_only_mode: true },
    form: 'HELLO',
    fields: {},
    errors: [{ code: 'sys.form_not_found', message: "Form 'HELLO' not found." }],
  },
  { name: 'a sentence with two ! is Muvuku-coded and unknown', message: 'Hello! How are you! Fine', fields: {}, errors: [] },
  { name: 'empty message', message: '', fields: {}, errors: [{ code: 'sys.empty', message: 'Message appears empty.' }] },
  { name: 'whitespace-only message', message: ' \n\t', fields: {}, errors: [{ code: 'sys.empty', message: 'Message appears empty.' }] },
];

describe('SMS parser table (settings spec §5.3)', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const got = record(row.message, row.settings, row.locale);
      assert.equal(got.form, row.form, 'form');
      assert.deepEqual(got.fields, row.fields, 'fields');
      assert.deepEqual(got.errors, row.errors ?? [], 'errors');
      assert.equal(got.refid, row.refid, 'refid');
    });
  }
});

describe('the SMS record', () => {
  it('keeps the original message and code in sms_message, and normalises from', () => {
    const { doc } = buildSmsRecord(
      { from: '0712 345 678', message: '1!TE\u200BST!a#1', sent_timestamp: '1352399720000', locale: 'fr', gateway_ref: 'g-1' },
      SETTINGS,
      NOW,
    );
    assert.equal(doc.from, '+254712345678');
    assert.equal(doc.reported_date, 1352399720000);
    assert.deepEqual(doc.sms_message, {
      type: 'sms_message', message: '1!TE\u200BST!a#1', form: 'TEST', reported_date: '1352399720000', locale: 'fr', from: '0712 345 678', gateway_ref: 'g-1',
    });
    assert.deepEqual(doc.tasks, []);
  });

  it('keeps an unparseable from as sent and defaults reported_date to now', () => {
    const { doc } = buildSmsRecord({ from: 'gateway', message: 'hi', sent_timestamp: 'soon' }, SETTINGS, NOW);
    assert.equal(doc.from, 'gateway');
    assert.equal(doc.reported_date, NOW);
    assert.equal((doc.sms_message as { form: string }).form, 'HI');
  });
});

describe('TextForms on long runs of spaces', () => {
  it('parses a value padded with 200,000 spaces before more text in well under ten seconds', () => {
    const padding = ' '.repeat(200_000);
    const started = performance.now();
    const got = record(`ANC #N x${padding}y #W 1 #ID 7${padding}`);
    assert.ok(performance.now() - started < 10_000, 'parsing took ten seconds or more');
    assert.deepEqual(got.fields, { name: `x${padding}y`, weeks: 1, patient_id: '7' });
  });
});
