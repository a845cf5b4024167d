/**
 * `POST /api/v1/bulk-delete` streams (contacts-users §2.20): the first batch reaches the client
 * while the second one is still waiting for CouchDB. A relay in front of CouchDB holds the second
 * batch's `_bulk_docs` until the client has read the first batch, so a server that buffered the
 * answer (or a gzip buffer that was not flushed) could never pass.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basicAuth } from '../../../test/helpers/http-client.js';
import { startBehindProxy, type ProxiedServer, type RecordingProxy } from '../../../test/helpers/recording-proxy.js';
import type { TestServer } from '../../../test/helpers/test-server.js';
import { saveDocs, type Json } from './contacts.test-helper.js';

describe('POST /api/v1/bulk-delete streaming', () => {
  let servers: ProxiedServer;
  let backend: TestServer;
  let proxy: RecordingProxy;
  let api: TestServer;
  /** Lets the held `_bulk_docs` through. */
  let release = () => {};

  before(async () => {
    servers = await startBehindProxy();
    ({ backend, proxy, api } = servers);
  });
  after(() => {
    release();
    return servers.stop();
  });

  // the timeout only turns a server that does not stream (the read below would wait forever) into a failure
  it('sends the first batch of 50 before the second batch is written', { timeout: 30_000 }, async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `s-${String(i).padStart(3, '0')}`);
    await saveDocs(backend, ids.map((_id) => ({ _id, type: 'data_record', form: 'F' })));

    // the second `_bulk_docs` waits in the relay until `release()`, whenever it comes
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached = () => {};
    const secondBatchWaiting = new Promise<void>((resolve) => (reached = resolve));
    let bulks = 0;
    proxy.gate = (req) => {
      if (req.method !== 'POST' || !req.url.startsWith(`/${backend.dbName}/_bulk_docs`) || ++bulks !== 2) return undefined;
      reached();
      return held;
    };

    const res = await fetch(`${api.url}/api/v1/bulk-delete`, {
      method: 'POST',
      headers: { authorization: basicAuth(api.admin), 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ docs: ids.map((_id) => ({ _id })) }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), 'gzip', 'the gzip buffer is flushed after each batch');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const firstBatch = (): Json[] | undefined => {
      try {
        return JSON.parse(text.slice(1)) as Json[];
      } catch {
        return undefined;
      }
    };
    while (!firstBatch()) {
      const chunk = await reader.read();
      assert.equal(chunk.done, false, `the answer ended before its first batch: ${text}`);
      text += decoder.decode(chunk.value, { stream: true });
    }
    assert.equal(text[0], '[');
    assert.deepEqual(firstBatch()?.map((r) => r.id), ids.slice(0, 50), 'the whole first batch, and nothing of the second');
    await secondBatchWaiting; // the server is really mid-way: its second write is the one held
    assert.equal(bulks, 2);

    release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    const batches = JSON.parse(text) as Json[][];
    assert.deepEqual(batches.map((b) => b.length), [50, 50, 20]);
    assert.deepEqual(batches.flat().map((r) => r.id), ids);
  });
});
