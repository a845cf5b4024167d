import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonNestedDeeperThan } from './json-depth.js';

describe('jsonNestedDeeperThan', () => {
  const deeper = (text: string, limit: number) => [jsonNestedDeeperThan(text, limit), jsonNestedDeeperThan(Buffer.from(text), limit)];

  it('counts objects and arrays alike, one level each', () => {
    assert.deepEqual(deeper('{}', 1), [false, false]);
    assert.deepEqual(deeper('[]', 0), [true, true]);
    assert.deepEqual(deeper('{"a":[{"b":[1]}]}', 4), [false, false]);
    assert.deepEqual(deeper('{"a":[{"b":[1]}]}', 3), [true, true]);
    assert.deepEqual(deeper('[[],[],[[]]]', 2), [true, true]);
    assert.deepEqual(deeper('[[],[],[]]', 2), [false, false], 'siblings do not add up');
    assert.deepEqual(deeper('1', 0), [false, false]);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    assert.deepEqual(deeper('{"a":"[[[[{{{{"}', 1), [false, false]);
    assert.deepEqual(deeper('{"a\\"[[[":"\\\\"}', 1), [false, false], 'an escaped quote does not end the key');
    assert.deepEqual(deeper('{"a":"\\\\","b":[[1]]}', 2), [true, true], 'an escaped backslash does end the string');
    assert.deepEqual(deeper('["\\u005b\\u005b", "[", "\\"["]', 1), [false, false]);
  });

  it('reads multi-byte UTF-8 text byte by byte without mistaking it for structure', () => {
    assert.deepEqual(deeper('{"ключ":["值", "𝄞"]}', 2), [false, false]);
  });

  it('walks any depth without recursion', () => {
    const depth = 1_000_000;
    assert.equal(jsonNestedDeeperThan(`${'['.repeat(depth)}${']'.repeat(depth)}`, depth - 1), true);
    assert.equal(jsonNestedDeeperThan(`${'['.repeat(depth)}${']'.repeat(depth)}`, depth), false);
  });
});
