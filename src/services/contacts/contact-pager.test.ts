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
    assert.deepEqual([params()[3]?.startkey_docid, params()[3]?.skip], ['p-29', 1], 'after the last row');

    const fresh = new ContactPager({ medic: counted.db, settings: t.server.services.settings });
    const other = await fresh.page('person', { type: 'person', limit: '5', cursor: '25' });
    assert.deepEqual(other.data.map((d) => d._id), ids.slice(25));
    assert.equal(params()[4]?.skip, 25, 'another instance has not seen the cursor');
  });
});
