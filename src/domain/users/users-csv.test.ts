import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from './csv.js';
import { isIgnored, usersFromCsv } from './users-csv.js';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks in quotes, CRLF and LF, a BOM', () => {
    assert.deepEqual(parseCsv('\ufeffa,"b,c"\r\n"say ""x""",\n"multi\nline",z'), [
      ['a', 'b,c'],
      ['say "x"', ''],
      ['multi\nline', 'z'],
    ]);
  });

  it('drops empty lines, keeps lines of empty cells', () => {
    assert.deepEqual(parseCsv('a\n\n\r\n,\n'), [['a'], ['', '']]);
  });

  it('a quote inside an unquoted field is text; an open quote at the end is an error naming its line', () => {
    assert.deepEqual(parseCsv('5" screen,x'), [['5" screen', 'x']]);
    assert.throws(() => parseCsv('a\nb\n"c,\nd'), /unterminated quoted field starting on line 3/);
  });
});

describe('usersFromCsv', () => {
  it('nests dotted columns, trims cells, turns TRUE/FALSE into booleans and keeps other text', () => {
    assert.deepEqual(usersFromCsv('username, contact.name ,contact.meta.x,token_login,known\n u1 ,Ann,1,FALSE,true'), [
      { username: 'u1', contact: { name: 'Ann', meta: { x: '1' } }, token_login: false, known: 'true' },
    ]);
  });

  it('skips empty and :excluded headers (any case, in any segment), keeps the import marker apart', () => {
    const [user] = usersFromCsv('username,,notes:EXCLUDED,contact.meta:excluded,import.status:excluded,import.message:excluded\nu1,a,b,c,Skipped,why');
    assert.deepEqual(user, { username: 'u1', import: { status: 'Skipped', message: 'why' } });
    assert.equal(isIgnored(user), true);
    assert.equal(isIgnored({ import: { status: 'error' } }), false);
  });

  it('a short row leaves the missing columns out; roles become a list', () => {
    assert.deepEqual(usersFromCsv('username,password,roles\nu1'), [{ username: 'u1' }]);
    assert.deepEqual(usersFromCsv('roles\n"a:b; c,d"')[0]?.roles, ['a', 'b', 'c', 'd']);
  });

  it('refuses a column with a __proto__, constructor or prototype segment (400 naming it); rows only get own keys', () => {
    for (const column of ['__proto__.external_id', 'contact.constructor.prototype', 'prototype', 'place.__proto__']) {
      assert.throws(() => usersFromCsv(`username,${column}\nu1,x`), (err: Error & { status?: number }) => {
        assert.equal(err.status, 400);
        assert.match(err.message, new RegExp(`CSV column "${column.replace(/\./g, '\\.')}" is not allowed`));
        return true;
      });
    }
    assert.equal(({} as Record<string, unknown>).external_id, undefined, 'Object.prototype untouched');
    const [user] = usersFromCsv('username,toString.x,hasOwnProperty,__proto__:excluded\nu1,a,b,c');
    assert.deepEqual(Object.keys(user ?? {}), ['username', 'toString', 'hasOwnProperty']);
    assert.deepEqual(user?.toString, { x: 'a' });
  });

  it('an empty text is a 400 `CSV is empty.`', () => {
    assert.throws(() => usersFromCsv(''), /CSV is empty/);
    assert.throws(() => usersFromCsv(undefined), /CSV is empty/);
    assert.deepEqual(usersFromCsv('username'), []);
  });

  it('a header of empty cells is still a header: one `{}` per row, as in the reference', () => {
    assert.deepEqual(usersFromCsv(',,,\n,,,\n'), [{}]);
    assert.deepEqual(usersFromCsv(',,,\n,,,\na,b,c,d\n'), [{}, {}]);
    assert.deepEqual(usersFromCsv(',,,'), []);
  });
});
