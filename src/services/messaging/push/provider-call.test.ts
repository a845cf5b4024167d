/** Which failed provider calls may have sent the message (settings spec §6.7: never send twice). */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { callProvider, failedCall } from './provider-call.js';

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

describe('callProvider failures', () => {
  let dropping: Server;
  let droppingUrl: string;
  let closedUrl: string;

  before(async () => {
    // reads the whole request, then hangs up without answering: the provider may have acted on it
    dropping = createServer((req) => req.resume().on('end', () => req.socket.destroy()));
    droppingUrl = await listen(dropping);
    const closed = createServer();
    closedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
  });
  after(() => new Promise((resolve) => dropping.close(resolve)));

  const post = (url: string) => callProvider(url, { method: 'POST', body: 'x' });

  it('nothing left when fetch refuses to start: no scheme, a blocked port, an unknown scheme, credentials in the URL', async () => {
    for (const url of ['rapidpro.example.org/api/v2/broadcasts.json', 'http://127.0.0.1:6000/x', 'ftp://127.0.0.1/x', 'http://u:p@127.0.0.1/x']) {
      const result = await post(url);
      assert.equal(result.ok, false, url);
      assert.equal(!result.ok && result.sent, false, url);
    }
    assert.deepEqual(await post('rapidpro.example.org'), { ok: false, sent: false, reason: 'ERR_INVALID_URL' });
    assert.deepEqual(await post('http://127.0.0.1:6000/x'), { ok: false, sent: false, reason: 'bad port' });
  });

  it('nothing left when the connection is refused; maybe sent when it drops after the request', async () => {
    assert.deepEqual(await post(closedUrl), { ok: false, sent: false, reason: 'ECONNREFUSED' });
    const dropped = await post(droppingUrl);
    assert.equal(!dropped.ok && dropped.sent, 'unknown');
  });

  it('maps a failure to retry (nothing sent) or unknown (left claimed)', () => {
    assert.deepEqual(failedCall({ ok: false, sent: false, reason: 'bad port' }), { kind: 'retry', reason: 'bad port' });
    assert.deepEqual(failedCall({ ok: false, sent: 'unknown', reason: 'ECONNRESET' }), { kind: 'unknown', reason: 'ECONNRESET' });
  });
});
