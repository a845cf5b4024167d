import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListQuery } from './list-query.js';
import { CursorBookmarks, fetchAndFilter } from './paging.js';

describe('list query checks (contacts-users §2.2)', () => {
  const types = ['person'];
  const message = (query: Record<string, unknown>) => {
    try {
      parseListQuery(query, types);
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('checks type shape, cursor shape, limit, configured type, numeric cursor, in that order', () => {
    assert.equal(message({}), 'Invalid contact type [undefined].');
    assert.equal(message({ type: ['a'], cursor: '' }), 'Invalid contact type [["a"]].');
    assert.equal(message({ type: 'nope', cursor: '', limit: '-1' }), 'The cursor must be a string or null for first page: [""].');
    assert.equal(message({ type: 'nope', limit: '-1' }), 'The limit must be a positive integer: ["-1"].');
    assert.equal(message({ type: 'nope', limit: '1.5' }), 'The limit must be a positive integer: ["1.5"].');
    assert.equal(message({ type: 'nope', cursor: 'abc' }), 'Invalid contact type [nope].');
    assert.equal(message({ type: 'person', cursor: 'abc' }), 'The cursor must be a string or null for first page: ["abc"].');
    assert.equal(message({ type: 'person', cursor: '-1' }), 'The cursor must be a string or null for first page: ["-1"].');
    assert.deepEqual(parseListQuery({ type: 'person' }, types), { type: 'person', skip: 0, limit: 100 });
    assert.deepEqual(parseListQuery({ type: 'person', cursor: '20', limit: '5' }, types), { type: 'person', skip: 20, limit: 5 });
  });
});

describe('fetchAndFilter (contacts-users §2.2)', () => {
  const view = Array.from({ length: 10 }, (_, i) => i); // odd rows are filtered out
  const fetch = async (limit: number, skip: number) => view.slice(skip, skip + limit);

  it('pages with stringified offsets; a full last page still gets a cursor', async () => {
    assert.deepEqual(await fetchAndFilter(fetch, () => true, 4, 0), { data: [0, 1, 2, 3], cursor: '4' });
    assert.deepEqual(await fetchAndFilter(fetch, () => true, 4, 8), { data: [8, 9], cursor: null });
    assert.deepEqual(await fetchAndFilter(fetch, () => true, 5, 5), { data: [5, 6, 7, 8, 9], cursor: '10' });
    assert.deepEqual(await fetchAndFilter(fetch, () => true, 5, 10), { data: [], cursor: null });
  });

  it('over-fetches twice the dropped count after the window, and the cursor leaves out what was over-fetched', async () => {
    const calls: Array<[number, number]> = [];
    const spy = async (limit: number, skip: number) => {
      calls.push([limit, skip]);
      return fetch(limit, skip);
    };
    const page = await fetchAndFilter(spy, (n) => n % 2 === 0, 3, 0);
    assert.deepEqual(calls, [[3, 0], [2, 3]]);
    assert.deepEqual(page, { data: [0, 2, 4], cursor: '5' });
  });

  it('ends with the first kept docs for every filter pattern, limit and skip (no empty window)', async () => {
    const size = 10;
    for (let mask = 0; mask < 1 << size; mask++) {
      const keep = (n: number) => (mask & (1 << n)) !== 0;
      for (const limit of [1, 2, 3, 5]) {
        for (const skip of [0, 3]) {
          const windows: number[] = [];
          const spy = async (count: number, at: number) => {
            windows.push(count);
            return fetch(count, at);
          };
          const page = await fetchAndFilter(spy, keep, limit, skip);
          assert.deepEqual(page.data, view.slice(skip).filter(keep).slice(0, limit), `mask ${mask}, limit ${limit}, skip ${skip}`);
          assert.ok(windows.every((w) => w > 0), `mask ${mask}: every window asks for rows`);
          assert.ok(windows.length <= size, `mask ${mask}: the windows grow`);
        }
      }
    }
  });
});

describe('cursor bookmarks', () => {
  it('remembers positions per scope, forgets the oldest past the bound and expired ones', () => {
    let now = 0;
    const marks = new CursorBookmarks({ maxEntries: 2, ttlMs: 100, now: () => now });
    marks.set('person', 100, { docId: 'a', after: false });
    marks.set('clinic', 100, { docId: 'b', after: false });
    assert.deepEqual(marks.get('person', 100), { docId: 'a', after: false });
    assert.equal(marks.get('person', 200), undefined);
    marks.set('person', 200, { docId: 'c', after: true });
    assert.equal(marks.get('person', 100), undefined, 'oldest out');
    assert.equal(marks.size, 2);
    now = 100;
    assert.equal(marks.get('person', 200), undefined, 'expired');
  });

  it('a cursor handed out again at another position is read as an offset until the older one expires', () => {
    let now = 0;
    const marks = new CursorBookmarks({ ttlMs: 100, now: () => now });
    const a = { docId: 'a', after: false };
    const b = { docId: 'b', after: false };
    marks.set('alice\u0000person', 10, a);
    marks.set('bob\u0000person', 10, b);
    now = 10;
    marks.set('alice\u0000person', 10, a);
    assert.deepEqual(marks.get('alice\u0000person', 10), a, 'the same position again is no conflict');
    assert.deepEqual(marks.get('bob\u0000person', 10), b, 'scopes are apart');
    now = 50;
    marks.set('alice\u0000person', 10, b);
    assert.equal(marks.get('alice\u0000person', 10), undefined, 'whoever asks may hold either position');
    marks.set('alice\u0000person', 10, b);
    now = 109;
    assert.equal(marks.get('alice\u0000person', 10), undefined, 'position a was handed out at 10 and lives until 110');
    now = 110;
    assert.deepEqual(marks.get('alice\u0000person', 10), b);
    now = 150;
    assert.equal(marks.get('alice\u0000person', 10), undefined, 'expired');
  });
});
