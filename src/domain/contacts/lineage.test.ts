import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestError } from '../../errors.js';
import { chainIds, linkedDocId, minify, minifyLineage } from './lineage.js';

describe('minified lineage (contacts-users §4.4)', () => {
  const hydratedClinic = {
    _id: 'c1', _rev: '1-a', type: 'clinic', name: 'Clinic',
    parent: { _id: 'hc1', _rev: '2-b', name: 'HC', parent: { _id: 'dh1', name: 'DH', parent: '' } },
  };

  it('keeps only _id at each level and stops at the first level without one', () => {
    assert.deepEqual(minifyLineage(hydratedClinic), { _id: 'c1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } });
    assert.deepEqual(minifyLineage({ _id: 'a', parent: { name: 'no id', parent: { _id: 'z' } } }), { _id: 'a' });
  });

  it('returns values without an _id as they are', () => {
    for (const value of [undefined, null, '', {}, { name: 'x' }]) assert.deepEqual(minifyLineage(value), value);
  });

  it('refuses a chain deeper than 50 levels', () => {
    let deep: Record<string, unknown> = { _id: 'x0' };
    for (let i = 1; i <= 50; i++) deep = { _id: `x${i}`, parent: deep };
    assert.throws(() => minifyLineage(deep), (err) => err instanceof BadRequestError && err.message === 'Could not minify x50, possible parent recursion.', 'a 400 on the write paths');
    assert.doesNotThrow(() => minifyLineage((deep as { parent: unknown }).parent));
  });

  it('minify: parent and contact reduced, report subjects dropped, linked docs to ids, input untouched', () => {
    const place = {
      _id: 'hc1', type: 'health_center', parent: { _id: 'dh1', name: 'DH' },
      contact: { _id: 'p1', name: 'Alice', parent: { _id: 'hc1', parent: { _id: 'dh1', name: 'DH' } } },
      linked_docs: { a: { _id: 'x', name: 'X' }, b: 'y' },
    };
    const copy = structuredClone(place);
    assert.deepEqual(minify(place), {
      _id: 'hc1', type: 'health_center', parent: { _id: 'dh1' },
      contact: { _id: 'p1', parent: { _id: 'hc1', parent: { _id: 'dh1' } } },
      linked_docs: { a: 'x', b: 'y' },
    });
    assert.deepEqual(place, copy);
    assert.deepEqual(minify({ _id: 'd', contact: { _id: 'p9', name: 'n' } }).contact, { _id: 'p9' }, 'no parent key without a parent');
    assert.equal(minify({ _id: 'd', contact: 'p9' }).contact, 'p9', 'a legacy string contact stays');
    const report = minify({ _id: 'r', type: 'data_record', patient: { _id: 'p' }, place: { _id: 'c' }, contact: { _id: 'p', parent: { _id: 'c', name: 'C' } } });
    assert.deepEqual(report, { _id: 'r', type: 'data_record', contact: { _id: 'p', parent: { _id: 'c' } } });
  });

  it('chainIds and linkedDocId', () => {
    assert.deepEqual(chainIds(hydratedClinic), ['c1', 'hc1', 'dh1']);
    assert.deepEqual(chainIds({ _id: '' }), []);
    assert.deepEqual(chainIds(undefined), []);
    assert.equal(linkedDocId('a'), 'a');
    assert.equal(linkedDocId({ _id: 'b' }), 'b');
    assert.equal(linkedDocId(3), undefined);
  });
});
