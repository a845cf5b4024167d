import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import type { NewDoc } from '../../db/types.js';
import type { DocumentProcessor } from './document-processor.js';
import { RecordSaver } from './record-saver.js';

describe('RecordSaver: the document processor seam (settings spec §5.5)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.stop());

  it('runs the processors in order before one save, keeps their changes, and tells the listener', async () => {
    const calls: string[] = [];
    const processor = (name: string, change: (doc: NewDoc) => void): DocumentProcessor => ({
      name,
      async process(docs) {
        calls.push(`${name}:${docs.length}`);
        docs.forEach(change);
      },
    });
    const { couch, logger } = t.server.services;
    const saver = new RecordSaver({
      couch,
      logger,
      processors: [
        processor('first', (doc) => (doc.tasks = [{ state: 'pending', messages: [{ uuid: `u-${String(doc.n)}` }] }])),
        processor('second', (doc) => (doc.seen = (doc.tasks as unknown[]).length)),
      ],
    });
    const heard: NewDoc[] = [];
    saver.onSaved({ recordsSaved: (docs) => heard.push(...docs) });
    const results = await saver.save([{ type: 'data_record', n: 1 }, { type: 'data_record', n: 2 }]);
    assert.deepEqual(calls, ['first:2', 'second:2']);
    assert.equal(results.filter((r) => r.ok).length, 2);
    const saved = (await t.couch.get(`/${t.dbName}/${results[1]?.id}`)).json();
    assert.deepEqual([saved.n, saved.seen, saved.tasks[0].messages[0].uuid], [2, 1, 'u-2']);
    assert.equal(heard.length, 2);
  });

  it('saves nothing when a processor throws', async () => {
    const { couch, logger } = t.server.services;
    const failing: DocumentProcessor = { name: 'failing', process: async () => Promise.reject(new Error('boom')) };
    const saver = new RecordSaver({ couch, logger, processors: [failing] });
    const before = (await t.couch.get(`/${t.dbName}`)).json().doc_count;
    await assert.rejects(saver.save([{ _id: 'never-saved', type: 'data_record' }]), /boom/);
    assert.equal((await t.couch.get(`/${t.dbName}/never-saved`)).status, 404);
    assert.equal((await t.couch.get(`/${t.dbName}`)).json().doc_count, before);
  });
});
