import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let db: string;
let rev: string;
before(async () => {
  t = await startTestCouch();
  db = dbName('etag');
  await t.call('PUT', `/${db}`);
  rev = ((await t.call('PUT', `/${db}/doc`, { body: { v: 1 } })).body as { rev: string }).rev;
  await t.call('PUT', `/${db}/_design/d`, { body: { views: {} } });
});
after(() => t.close());

describe('document ETags (CouchDB: the quoted revision)', () => {
  it('GET and HEAD answer ETag "<rev>"', async () => {
    assert.equal((await t.call('GET', `/${db}/doc`)).headers.get('etag'), `"${rev}"`);
    assert.equal((await t.call('HEAD', `/${db}/doc`)).headers.get('etag'), `"${rev}"`);
    const ddoc = await t.call('GET', `/${db}/_design/d`);
    assert.equal(ddoc.headers.get('etag'), `"${(ddoc.body as { _rev: string })._rev}"`);
  });

  it('answers 304 with no body to If-None-Match "<rev>", 200 once the doc changed', async () => {
    const notModified = await t.call('GET', `/${db}/doc`, { headers: { 'if-none-match': `"${rev}"` } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.text, '');
    assert.equal((await t.call('HEAD', `/${db}/doc`, { headers: { 'if-none-match': `"${rev}"` } })).status, 304);
    const name = dbName('etag-change');
    await t.call('PUT', `/${name}`);
    const first = ((await t.call('PUT', `/${name}/x`, { body: { v: 1 } })).body as { rev: string }).rev;
    await t.call('PUT', `/${name}/x`, { body: { _rev: first, v: 2 } });
    const changed = await t.call('GET', `/${name}/x`, { headers: { 'if-none-match': `"${first}"` } });
    assert.equal(changed.status, 200);
    assert.equal((changed.body as { v: number }).v, 2);
  });

  it('gives an older revision asked for with ?rev its own ETag', async () => {
    const name = dbName('etag-rev');
    await t.call('PUT', `/${name}`);
    const first = ((await t.call('PUT', `/${name}/x`, { body: { v: 1 } })).body as { rev: string }).rev;
    await t.call('PUT', `/${name}/x`, { body: { _rev: first, v: 2 } });
    assert.equal((await t.call('GET', `/${name}/x?rev=${first}`)).headers.get('etag'), `"${first}"`);
  });

  it('sends no revision ETag with doc metadata (conflicts, revs_info), as CouchDB', async () => {
    for (const query of ['conflicts=true', 'revs_info=true']) {
      const r = await t.call('GET', `/${db}/doc?${query}`, { headers: { 'if-none-match': `"${rev}"` } });
      assert.equal(r.status, 200, query);
      assert.notEqual(r.headers.get('etag'), `"${rev}"`, query);
    }
  });
});
