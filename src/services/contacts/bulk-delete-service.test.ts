import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { readDoc, saveDocs } from '../../routes/contacts/contacts.test-helper.js';
import { BulkDeleteService } from './bulk-delete-service.js';
import { countingDb } from './counting-db.test-helper.js';

describe('BulkDeleteService: retries after conflicts', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, [
      { _id: 'place', type: 'clinic', name: 'P', contact: { _id: 'boss' } },
      { _id: 'boss', type: 'person', name: 'Boss', parent: { _id: 'place' } },
      { _id: 'report', type: 'data_record', form: 'F' },
    ]);
  });
  after(() => t.stop());

  /** Someone else edits these docs between our read and our first write. */
  const editConcurrently = async (ids: string[]) => {
    for (const id of ids) {
      const doc = await readDoc(t, id);
      await saveDocs(t, [{ ...doc, touched: true }]);
    }
  };

  it('re-reads and retries a conflicting deletion and a conflicting parent update; reports the last status', async () => {
    const counted = countingDb(t.server.services.couch.medic);
    let first = true;
    counted.before.bulk = async () => {
      if (!first) return;
      first = false;
      await editConcurrently(['report', 'place']);
    };
    const results = await new BulkDeleteService({ medic: counted.db }).deleteBatch(['boss', 'report']);
    assert.deepEqual(results.map((r) => [r.id, 'ok' in r && r.ok]), [['boss', true], ['report', true], ['place', true]]);
    assert.equal(counted.calls.filter((c) => c.method === 'bulk').length, 2);
    assert.equal(await readDoc(t, 'report'), undefined);
    const place = await readDoc(t, 'place');
    assert.equal(place?.contact, null);
    assert.equal(place?.touched, true, 'the concurrent edit is kept');
  });

  it('gives up after 3 attempts and reports the error', async () => {
    await saveDocs(t, [{ _id: 'busy', type: 'data_record' }]);
    const counted = countingDb(t.server.services.couch.medic);
    counted.before.bulk = () => editConcurrently(['busy']);
    const results = await new BulkDeleteService({ medic: counted.db }).deleteBatch(['busy']);
    assert.deepEqual(results, [{ id: 'busy', error: 'conflict', reason: 'Document update conflict.' }]);
    assert.equal(counted.calls.filter((c) => c.method === 'bulk').length, 3);
  });
});
