import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { ACCEPT_JSON, allDocs, saveDocs, type Json } from './contacts.test-helper.js';

/** `{name, type, parent: {…}}` nested `levels` deep: new district hospitals (no parent type rule), none with an `_id`. */
function newParents(levels: number): Json {
  let node: Json = { name: 'top-most', type: 'district_hospital' };
  for (let i = 1; i < levels; i++) node = { name: `level ${i}`, type: 'district_hospital', parent: node };
  return node;
}

/** `{_id: 'g<n>', …, parent: {_id: 'g<n-1>', …}}`: a chain given as it is (not read, not written). */
function givenParents(levels: number): Json {
  let node: Json = { _id: 'g1', name: 'g1', type: 'district_hospital' };
  for (let i = 2; i <= levels; i++) node = { _id: `g${i}`, name: `g${i}`, type: 'district_hospital', parent: node };
  return node;
}

/** Parent chains longer than a stored lineage may be (50 levels, contacts-users §4.4) are a 400, and nothing is written. */
describe('POST /api/v1/people, /places, /places/{id}: lineages over 50 levels', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
    // a1 ← a2 ← … ← a60, each stored with its minified lineage
    const docs: Json[] = [];
    let lineage: Json | undefined;
    for (let i = 1; i <= 60; i++) {
      docs.push({ _id: `a${i}`, type: 'district_hospital', name: `a${i}`, ...(lineage ? { parent: lineage } : {}) });
      lineage = { _id: `a${i}`, ...(lineage ? { parent: lineage } : {}) };
    }
    await saveDocs(t, docs);
  });
  after(() => t.stop());

  const post = (path: string, json: unknown) => t.api.post(path, { json, headers: ACCEPT_JSON });

  const expect400 = async (cases: Array<[string, Json, string]>) => {
    const docsBefore = await allDocs(t);
    for (const [path, body, message] of cases) {
      const res = await post(path, body);
      assert.equal(res.status, 400, `${path}: ${res.text}`);
      assert.equal(res.text, JSON.stringify({ code: 400, error: message }), path);
    }
    const docsAfter = await allDocs(t);
    assert.deepEqual([...docsAfter.keys()], [...docsBefore.keys()]);
    for (const [id, doc] of docsBefore) assert.equal(docsAfter.get(id)?._rev, doc._rev, id);
  };

  it('existing parents given by id, or a chain given by _id: 400 Could not minify …, possible parent recursion.', async () => {
    await expect400([
      ['/api/v1/places', { name: 'x', type: 'district_hospital', parent: 'a60' }, 'Could not minify a60, possible parent recursion.'],
      ['/api/v1/people', { name: 'x', place: 'a60' }, 'Could not minify a60, possible parent recursion.'],
      ['/api/v1/places', { name: 'x', type: 'district_hospital', parent: givenParents(60) }, 'Could not minify g60, possible parent recursion.'],
      ['/api/v1/places/a60', { name: 'renamed' }, 'Could not minify a59, possible parent recursion.'],
      ['/api/v1/places/a1', { parent: 'a60' }, 'Could not minify a60, possible parent recursion.'],
    ]);
  });

  it('nested new parents: 400 past 50 levels, before anything is read or written', async () => {
    const message = 'Could not create more than 50 levels of new parents, possible parent recursion.';
    await expect400([
      ['/api/v1/places', { name: 'x', type: 'district_hospital', parent: newParents(51) }, message],
      ['/api/v1/people', { name: 'x', place: newParents(51) }, message],
      ['/api/v1/places/a1', { parent: newParents(51) }, message],
    ]);
  });

  it('50 levels of new parents are created', async () => {
    const res = await post('/api/v1/places', { name: 'x', type: 'district_hospital', parent: newParents(50) });
    assert.equal(res.status, 200, res.text);
  });
});
