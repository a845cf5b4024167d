import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { BulkUserCreator } from './bulk-creator.js';
import { BulkUploadLog } from './bulk-upload-log.js';

let t: TestServer;

before(async () => {
  t = await startTestServer();
});
after(() => t.stop());

describe('BulkUserCreator.createLogged', () => {
  it('a batch that cannot start (the shared reads fail) ends its log as failed, never at `saving`', async () => {
    const { couch, logger, users } = t.server.services;
    const bulk = new BulkUserCreator({
      creator: users.creator,
      batch: async () => {
        throw new Error('the _all_docs of the names failed');
      },
    });
    const log = await BulkUploadLog.start({ logs: couch.logs, logger }, 'tester');
    await assert.rejects(bulk.createLogged([{ username: 'a' }, { username: 'b', import: { status: 'skipped' } }], log), /_all_docs of the names failed/);
    const stored = await couch.logs.get(log.id);
    assert.equal((stored?.progress as { status?: string }).status, 'failed');
    assert.equal(stored?.error, 'Server error', 'no internals in the log doc');
  });
});
