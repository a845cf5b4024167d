import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { readDoc, saveDocs } from '../../routes/contacts/contacts.test-helper.js';
import { BadRequestError } from '../../errors.js';
import { BulkDeleteService, parseDeleteRequest } from './bulk-delete-service.js';
import { countingDb } from './counting-db.test-helper.js';

describe('parseDeleteRequest', () => {
  // a quadratic duplicate check took 21 s for 100,000 ids (so minutes for 300,000), blocking the server
  it('finds duplicates among 300,000 ids at once, each named once in the order it repeats', () => {
    const docs = Array.from({ length: 300_000 }, (_, i) => ({ _id: `doc-${i}` }));
    docs.push({ _id: 'doc-299999' }, { _id: 'doc-7' }, { _id: 'doc-299999' });
    const started = performance.now();
    assert.throws(
      () => parseDeleteRequest({ docs }),
      (err) => err instanceof BadRequestError && err.message === 'Duplicate documents when deleting: doc-299999, doc-7',
    );
    assert.equal(parseDeleteRequest({ docs: docs.slice(0, 300_000) }).length, 300_000);
    // a synchronous check blocks the event loop, so a test timeout could not interrupt it: measured (milliseconds vs tens of seconds)
    assert.ok(performance.now() - started < 30_000, `${Math.round(performance.now() - started)} ms`);
  });
});

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
