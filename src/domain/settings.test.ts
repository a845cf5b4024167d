import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySettingsUpdate, valueAtPath, withDefaultPermissions } from './settings.js';

describe('settings update rules', () => {
  const current = () => ({ a: { b: 1, c: [1, 2] }, keep: true, list: [1, 2, 3] });

  it('merges deeply, replacing arrays and never deleting', () => {
    const out = applySettingsUpdate(current(), { a: { c: [9], d: null }, list: [4], added: { x: 1 } }, 'merge');
    assert.deepEqual(out, { a: { b: 1, c: [9], d: null }, keep: true, list: [4], added: { x: 1 } });
  });

  it('replaces top-level keys only in replace mode', () => {
    const out = applySettingsUpdate(current(), { a: { d: 2 } }, 'replace');
    assert.deepEqual(out, { a: { d: 2 }, keep: true, list: [1, 2, 3] });
  });

  it('replaces everything in overwrite mode', () => {
    assert.deepEqual(applySettingsUpdate(current(), { z: 1 }, 'overwrite'), { z: 1 });
  });

  it('re-adds missing default permissions and keeps existing ones, even empty', () => {
    const out = withDefaultPermissions({ permissions: { can_edit: [] } }, { can_edit: ['chw'], can_configure: ['admin'] });
    assert.deepEqual(out.permissions, { can_edit: [], can_configure: ['admin'] });
    assert.deepEqual(withDefaultPermissions({}, { can_edit: ['chw'] }).permissions, { can_edit: ['chw'] });
  });

  it('keeps a __proto__ key as data: no prototype is changed', () => {
    const body = JSON.parse('{"__proto__":{"polluted":"yes"},"a":{"__proto__":{"x":1}}}') as Record<string, unknown>;
    const merged = applySettingsUpdate({ a: {} }, body, 'merge');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.equal(JSON.stringify(merged), '{"a":{"__proto__":{"x":1}},"__proto__":{"polluted":"yes"}}');
    assert.equal(valueAtPath({ a: 1 }, 'constructor'), undefined);
    assert.equal(valueAtPath({ a: 1 }, 'a/toString'), undefined);
  });

  it('reads values at slash or dot paths', () => {
    const root = { forms: { A: { meta: { code: 'A' } } } };
    assert.deepEqual(valueAtPath(root, 'forms/A'), { meta: { code: 'A' } });
    assert.equal(valueAtPath(root, 'forms.A.meta.code'), 'A');
    assert.equal(valueAtPath(root, 'forms/B/meta'), undefined);
  });
});
