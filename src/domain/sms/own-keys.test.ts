/**
 * Keys that name `Object.prototype` members (`constructor`, `__proto__`, `toString`) are plain
 * data wherever a status, a label, a field key or a locale comes from outside.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSmsRecord, jsonRecordFields } from '../records/build-records.js';
import { fillTemplate, translateError } from '../records/record-errors.js';
import { translateLabel } from './json-forms.js';
import { getPath, setPath } from './paths.js';
import { atDeliveryState, atSendOutcome, gatewayUpdateChange, rapidProState } from './provider-states.js';
import { parseTextForms } from './textforms.js';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('provider statuses named like Object.prototype members', () => {
  it('are unknown to every provider mapping', () => {
    for (const status of NAMES) {
      assert.deepEqual(gatewayUpdateChange({ id: 'm', status }), { messageId: 'm', state: 'unrecognised', details: { gateway_status: status } });
      assert.equal(atDeliveryState(status), undefined, status);
      assert.deepEqual(rapidProState(status), { state: 'received-by-gateway', details: 'Queued' }, status);
      assert.deepEqual(atSendOutcome(status), { retry: true, details: `Unknown status code ${status}` });
    }
    assert.equal(atDeliveryState('Success'), 'delivered');
    assert.equal(gatewayUpdateChange({ id: 'm', status: 'SENT' }).state, 'sent');
  });
});

describe('SMS text and JSON records with prototype-named keys', () => {
  const FORMS = {
    PROTO: {
      fields: {
        c: { type: 'string', labels: { tiny: 'constructor' } },
        p: { type: 'string', labels: { tiny: '__proto__' } },
        s: { type: 'string', labels: { tiny: 'toString' } },
        n: { type: 'integer', labels: { tiny: 'N' } },
      },
    },
  };

  it('TextForms keys are own data: first value, then an array of repeats', () => {
    const parsed = parseTextForms('#constructor 5 #__proto__ x #tostring a #tostring b #n 1');
    assert.deepEqual(Object.entries(parsed), [
      ['constructor', 5],
      ['__proto__', 'x'],
      ['tostring', ['a', 'b']],
      ['n', 1],
    ]);
    assert.equal(Object.keys(parseTextForms('#n 1')).includes('constructor'), false);
  });

  it('a field whose tiny label is a prototype name takes only what the message gives', () => {
    const fields = (message: string) => buildSmsRecord({ from: '+254700000001', message }, { forms: FORMS }, 0).doc.fields as Record<string, unknown>;
    assert.deepEqual(Object.entries(fields('PROTO #n 5')), [['n', 5]]);
    assert.deepEqual(Object.entries(fields('PROTO #constructor 5 #__proto__ x #tostring y #n 1')), [
      ['c', '5'],
      ['p', 'x'],
      ['s', 'y'],
      ['n', 1],
    ]);
  });

  it('JSON bodies: a __proto__ key lends no values, an absent prototype-named field stays absent', () => {
    const def = { fields: { name: { type: 'string' }, constructor: { type: 'string' }, tostring: { type: 'string' } } };
    const body = JSON.parse('{"__proto__": {"name": "injected"}, "age": 3}') as Record<string, unknown>;
    assert.deepEqual(jsonRecordFields(def, body), {});
    assert.deepEqual(Object.entries(jsonRecordFields(def, { constructor: 'c', toString: 't' })), [
      ['constructor', 'c'],
      ['tostring', 't'],
    ]);
  });

  it('dotted paths never walk into Object.prototype', () => {
    const target: Record<string, unknown> = {};
    setPath(target, '__proto__.polluted', 1);
    setPath(target, 'constructor.name', 'x');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(target), Object.prototype);
    assert.deepEqual(Object.keys(target), ['__proto__', 'constructor']);
    assert.equal(getPath(target, '__proto__.polluted'), 1);
    assert.equal(getPath(target, 'constructor.name'), 'x');
    for (const name of NAMES) assert.equal(getPath({}, name), undefined, name);
    assert.equal(getPath({ a: 'text' }, 'a.length'), undefined);
  });

  it('labels, templates and error codes read only own entries', () => {
    assert.equal(translateLabel({ en: 'English', fr: 'Français' }, 'constructor'), 'English');
    assert.equal(translateLabel({ en: 'English' }, '__proto__'), 'English');
    assert.equal(fillTemplate('[{{constructor}}|{{toString}}|{{x}}]', { x: '1' }), '[||1]');
    assert.deepEqual(translateError({ code: 'toString' }, [{}]), { code: 'toString', message: 'toString' });
  });
});
