import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HttpClient } from '../../../test/helpers/http-client.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createOnlineUser } from '../../../test/helpers/users.js';
import { ACCEPT_JSON, saveDocs, type Json } from './contacts.test-helper.js';

describe('GET /api/v1/person?type= and /api/v1/place?type= (pages)', () => {
  let t: TestServer;
  const personIds = Array.from({ length: 23 }, (_, i) => `person-${String(i).padStart(2, '0')}`);

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, [
      ...personIds.map((_id, i) => ({ _id, type: 'person', name: `Person ${i}`, parent: { _id: 'clinic-0' } })),
      ...['clinic-0', 'clinic-1', 'clinic-2'].map((_id) => ({ _id, type: 'clinic', name: _id })),
      { _id: 'custom-1', type: 'contact', contact_type: 'clinic', name: 'Custom clinic' },
    ]);
  });
  after(() => t.stop());

  const page = async (path: string, as: HttpClient = t.api) => {
    const res = await as.get(path, { headers: ACCEPT_JSON });
    assert.equal(res.status, 200, res.text);
    return res.json() as { data: Json[]; cursor: string | null };
  };

  it('pages in doc-id order with stringified offsets; a full last page still gets a cursor', async () => {
    const first = await page('/api/v1/person?type=person&limit=10');
    assert.deepEqual(first.data.map((d) => d._id), personIds.slice(0, 10));
    assert.equal(first.cursor, '10');
    assert.equal(typeof first.data[0]?._rev, 'string', 'docs as stored');
    const second = await page(`/api/v1/person?type=person&limit=10&cursor=${first.cursor}`);
    assert.deepEqual(second.data.map((d) => d._id), personIds.slice(10, 20));
    assert.equal(second.cursor, '20');
    const last = await page(`/api/v1/person?type=person&limit=10&cursor=${second.cursor}`);
    assert.deepEqual(last.data.map((d) => d._id), personIds.slice(20));
    assert.equal(last.cursor, null);

    const exact = await page('/api/v1/person?type=person&limit=23');
    assert.equal(exact.data.length, 23);
    assert.equal(exact.cursor, '23');
    assert.deepEqual(await page('/api/v1/person?type=person&limit=23&cursor=23'), { data: [], cursor: null });
  });

  it('defaults to 100 per page and cursor null', async () => {
    const all = await page('/api/v1/person?type=person');
    assert.equal(all.data.length, 23);
    assert.equal(all.cursor, null);
  });

  it('any offset works as a cursor, handed out or not (several instances, old cursors)', async () => {
    assert.deepEqual((await page('/api/v1/person?type=person&limit=4&cursor=3')).data.map((d) => d._id), personIds.slice(3, 7));
    assert.deepEqual((await page('/api/v1/person?type=person&limit=4&cursor=03')).data.map((d) => d._id), personIds.slice(3, 7));
    // follow a chain of cursors twice: remembered positions give the same pages as offsets
    for (let round = 0; round < 2; round++) {
      let cursor: string | null = '0';
      const seen: string[] = [];
      for (let n = 0; cursor !== null && n < 10; n++) {
        const p: { data: Json[]; cursor: string | null } = await page(`/api/v1/person?type=person&limit=6&cursor=${cursor}`);
        seen.push(...p.data.map((d) => d._id as string));
        cursor = p.cursor;
      }
      assert.deepEqual(seen, personIds);
    }
  });

  it('a cursor that was handed out follows the view after a new doc sorts before it', async () => {
    const first = await page('/api/v1/person?type=person&limit=5');
    assert.equal(first.cursor, '5');
    await saveDocs(t, [{ _id: 'person-00a', type: 'person', name: 'Inserted' }]);
    try {
      const next = await page('/api/v1/person?type=person&limit=5&cursor=5');
      // an offset would now start at person-04 and repeat it; the remembered position does not
      assert.deepEqual(next.data.map((d) => d._id), personIds.slice(5, 10));
    } finally {
      const rev = (await t.couch.get(`/${t.dbName}/person-00a`)).json()._rev;
      await t.couch.delete(`/${t.dbName}/person-00a?rev=${rev}`);
    }
  });

  it('each user resumes where its own cursor stood, whatever another user was handed meanwhile', async () => {
    const alice = t.api.as(await createOnlineUser(t));
    const bob = t.api.as(await createOnlineUser(t));
    const ids = (p: { data: Json[] }) => p.data.map((d) => d._id);
    assert.equal((await page('/api/v1/person?type=person&limit=5', alice)).cursor, '5');
    await saveDocs(t, [{ _id: 'person-00a', type: 'person', name: 'Inserted' }]);
    try {
      const bobFirst = await page('/api/v1/person?type=person&limit=5', bob);
      assert.deepEqual([ids(bobFirst), bobFirst.cursor], [['person-00', 'person-00a', 'person-01', 'person-02', 'person-03'], '5']);
      assert.deepEqual(ids(await page('/api/v1/person?type=person&limit=5&cursor=5', alice)), personIds.slice(5, 10));
      assert.deepEqual(ids(await page('/api/v1/person?type=person&limit=5&cursor=5', bob)), personIds.slice(4, 9));
    } finally {
      const rev = (await t.couch.get(`/${t.dbName}/person-00a`)).json()._rev;
      await t.couch.delete(`/${t.dbName}/person-00a?rev=${rev}`);
    }
  });

  it('places of a configured type, custom type:contact docs included', async () => {
    const first = await page('/api/v1/place?type=clinic&limit=2');
    assert.deepEqual(first.data.map((d) => d._id), ['clinic-0', 'clinic-1']);
    assert.equal(first.cursor, '2');
    const second = await page('/api/v1/place?type=clinic&limit=2&cursor=2');
    assert.deepEqual(second.data.map((d) => d._id), ['clinic-2', 'custom-1']);
    assert.equal(second.cursor, '4');
    assert.deepEqual(await page('/api/v1/place?type=clinic&limit=2&cursor=4'), { data: [], cursor: null });
  });

  it('400s in the reference order and wording', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/person', 'Invalid contact type [undefined].'],
      ['/api/v1/person?type=', 'Invalid contact type [""].'],
      ['/api/v1/person?type=a&type=b', 'Invalid contact type [["a","b"]].'],
      ['/api/v1/person?type=person&cursor=', 'The cursor must be a string or null for first page: [""].'],
      ['/api/v1/person?type=nope&cursor=&limit=0', 'The cursor must be a string or null for first page: [""].'],
      ['/api/v1/person?type=nope&limit=-1', 'The limit must be a positive integer: ["-1"].'],
      ['/api/v1/person?type=person&limit=0', 'The limit must be a positive integer: ["0"].'],
      ['/api/v1/person?type=person&limit=abc', 'The limit must be a positive integer: ["abc"].'],
      ['/api/v1/person?type=person&limit=2.5', 'The limit must be a positive integer: ["2.5"].'],
      ['/api/v1/person?type=person&limit=', 'The limit must be a positive integer: [""].'],
      ['/api/v1/person?type=clinic', 'Invalid contact type [clinic].'],
      ['/api/v1/place?type=person', 'Invalid contact type [person].'],
      ['/api/v1/place?type=nope&cursor=abc', 'Invalid contact type [nope].'],
      ['/api/v1/person?type=person&cursor=-1', 'The cursor must be a string or null for first page: ["-1"].'],
      ['/api/v1/person?type=person&cursor=abc', 'The cursor must be a string or null for first page: ["abc"].'],
      ['/api/v1/place?type=clinic&cursor=1.5', 'The cursor must be a string or null for first page: ["1.5"].'],
      // integers JavaScript cannot hold exactly would reach CouchDB as `1e+21`, which it refuses
      ['/api/v1/person?type=person&limit=1e21', 'The limit must be a positive integer: ["1e21"].'],
      ['/api/v1/person?type=person&limit=9007199254740992', 'The limit must be a positive integer: ["9007199254740992"].'],
      ['/api/v1/person?type=person&cursor=1e21', 'The cursor must be a string or null for first page: ["1e21"].'],
      ['/api/v1/place?type=clinic&cursor=9007199254740992', 'The cursor must be a string or null for first page: ["9007199254740992"].'],
    ];
    for (const [path, message] of cases) {
      const res = await t.api.get(path, { headers: ACCEPT_JSON });
      assert.equal(res.status, 400, path);
      assert.deepEqual(res.json(), { code: 400, error: message }, path);
    }
    const text = await t.api.get('/api/v1/person?type=person&limit=-1');
    assert.equal(text.text, 'The limit must be a positive integer: ["-1"].', 'text for clients that do not ask for JSON');
  });
});
