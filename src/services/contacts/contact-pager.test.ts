import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { saveDocs } from '../../routes/contacts/contacts.test-helper.js';
import { ContactPager } from './contact-pager.js';
import { countingDb } from './counting-db.test-helper.js';

describe('ContactPager: following a cursor seeks, it does not skip', () => {
  let t: TestServer;
  const ids = Array.from({ length: 30 }, (_, i) => `p-${String(i).padStart(2, '0')}`);

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, ids.map((_id) => ({ _id, type: 'person', name: _id })));
  });
  after(() => t.stop());

  it('a handed-out cursor starts at the remembered doc id; an unknown one falls back to skip', async () => {
    const counted = countingDb(t.server.services.couch.medic);
    const pager = new ContactPager({ medic: counted.db, settings: t.server.services.settings });
    const params = () => counted.calls.filter((c) => c.method === 'view').map((c) => c.args[2] as Record<string, unknown>);

    const first = await pager.page('person', { type: 'person', limit: '10' });
    assert.equal(first.cursor, '10');
    const second = await pager.page('person', { type: 'person', limit: '10', cursor: '10' });
    assert.deepEqual(second.data.map((d) => d._id), ids.slice(10, 20));
    const seek = params()[1];
    assert.equal(seek?.startkey_docid, 'p-10');
    assert.equal(seek?.skip, undefined);

    const third = await pager.page('person', { type: 'person', limit: '10', cursor: '20' });
    assert.deepEqual(third.data.map((d) => d._id), ids.slice(20));
    assert.equal(third.cursor, '30');
    const end = await pager.page('person', { type: 'person', limit: '10', cursor: '30' });
    assert.deepEqual(end, { data: [], cursor: null });
    assert.deepEqual([params()[3]?.startkey_docid, params()[3]?.skip, params()[3]?.limit], ['p-29', undefined, 12], 'from the last row, which is dropped');

    const fresh = new ContactPager({ medic: counted.db, settings: t.server.services.settings });
    const other = await fresh.page('person', { type: 'person', limit: '5', cursor: '25' });
    assert.deepEqual(other.data.map((d) => d._id), ids.slice(25));
    assert.equal(params()[4]?.skip, 25, 'another instance has not seen the cursor');
  });

  it('a cursor handed out at two positions to one user is followed as an offset', async () => {
    const counted = countingDb(t.server.services.couch.medic);
    const pager = new ContactPager({ medic: counted.db, settings: t.server.services.settings });
    const last = () => counted.calls.filter((c) => c.method === 'view').at(-1)?.args[2] as Record<string, unknown>;
    assert.equal((await pager.page('person', { type: 'person', limit: '5' }, 'alice')).cursor, '5'); // at p-05
    await saveDocs(t, [{ _id: 'p-00a', type: 'person' }]);
    try {
      assert.equal((await pager.page('person', { type: 'person', limit: '5' }, 'alice')).cursor, '5'); // now at p-04
      assert.deepEqual((await pager.page('person', { type: 'person', limit: '5', cursor: '5' }, 'alice')).data.map((d) => d._id), ids.slice(4, 9));
      assert.deepEqual([last().skip, last().startkey_docid], [5, undefined], 'which of the two does the caller hold? neither is assumed');
      assert.equal((await pager.page('person', { type: 'person', limit: '5' }, 'bob')).cursor, '5');
      await pager.page('person', { type: 'person', limit: '5', cursor: '5' }, 'bob');
      assert.deepEqual([last().skip, last().startkey_docid], [undefined, 'p-04'], 'another user pages on its own');
    } finally {
      const rev = (await t.couch.get(`/${t.dbName}/p-00a`)).json()._rev;
      await t.couch.delete(`/${t.dbName}/p-00a?rev=${rev}`);
    }
  });

  // last: it changes the data
  it('a cursor handed out at the end of the view resumes after its last row, even when that row was deleted', async () => {
    const pager = new ContactPager({ medic: t.server.services.couch.medic, settings: t.server.services.settings });
    const end = await pager.page('person', { type: 'person', limit: '10', cursor: '20' });
    assert.deepEqual([end.data.at(-1)?._id, end.cursor], ['p-29', '30']);
    await saveDocs(t, [{ _id: 'p-30', type: 'person' }, { _id: 'p-31', type: 'person' }]);
    const rev = (await t.couch.get(`/${t.dbName}/p-29`)).json()._rev;
    assert.equal((await t.couch.delete(`/${t.dbName}/p-29?rev=${rev}`)).status, 200);
    const next = await pager.page('person', { type: 'person', limit: '10', cursor: '30' });
    assert.deepEqual(next.data.map((d) => d._id), ['p-30', 'p-31']);
  });
});
