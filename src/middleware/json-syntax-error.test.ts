import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeJsonSyntaxError, invalidJsonOffset } from './json-syntax-error.js';

describe('invalidJsonOffset', () => {
  it('finds the first character that cannot continue the text, where V8 reports one too', () => {
    const cases: Array<[string, number]> = [
      ['{"a":[1,2.5e-3,{"b":null}],"c":"x\\u00e9\\n","d":true}', -1],
      [' [ ] ', -1],
      ['{"password":SuperSecret}', 12],
      ['{"a":1,}', 7],
      ['{a:1}', 1],
      ['{"a" 1}', 5],
      ['[1,]', 3],
      ['{"a":1}x', 7],
      ['{"a":"x\ny"}', 7],
      ['{"a":"\\q"}', 7],
      ['{"a":"\\u12G4"}', 10],
      ['{"a":-}', 6],
      ['{"a":1.}', 7],
      ['{"a":tru}', 8],
      ['{"a":01}', 6],
      ['{"a":', 5],
      ['"a string"', 0],
      ['42', 0],
      ['', 0],
    ];
    for (const [text, offset] of cases) {
      assert.equal(invalidJsonOffset(text), offset, JSON.stringify(text));
      if (offset === -1) assert.doesNotThrow(() => JSON.parse(text));
    }
  });

  it('scans any depth without recursion', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    assert.equal(invalidJsonOffset(deep), -1);
    assert.equal(invalidJsonOffset(`${deep},`), 2_000_000);
  });
});

describe('describeJsonSyntaxError', () => {
  it('names a position or the end, never the text', () => {
    assert.equal(describeJsonSyntaxError('{"password":SuperSecret}'), 'unexpected character at position 12');
    assert.equal(describeJsonSyntaxError('{"password":"SuperSecret'), 'unexpected end of input');
  });
});
