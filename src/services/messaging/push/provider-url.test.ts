/**
 * A provider URL that cannot be called claims nothing, and a call that fails before the request
 * leaves puts the message back in the queue (settings spec §6.7): fixing the setting sends it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../../../../test/helpers/eventually.js';
import { FakeRapidPro } from '../../../../test/helpers/fake-sms-providers.js';
import { logLines } from '../../../../test/helpers/log-lines.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/test-server.js';
import { credential, seed, task } from './push.test-helper.js';

describe('outgoing push: provider URLs', () => {
  let rp: FakeRapidPro;
  let t: TestServer;
  const { stream, lines } = logLines();
  /** Cycles are run by hand here: the timer waits an hour. */
  const cycle = () => t.server.services.messaging.push.runOnce();
  const useUrl = async (url: string) => {
    const res = await t.api.put('/api/v1/settings', { json: { sms: { outgoing_service: 'rapidpro', rapidpro: { url } } } });
    assert.equal(res.status, 200);
  };
  const logged = (msg: string) => lines.filter((l) => (JSON.parse(l) as { msg?: string }).msg?.includes(msg));

  before(async () => {
    rp = await new FakeRapidPro().start();
    t = await startTestServer({ env: { SMS_PUSH_INTERVAL_MS: '3600000', LOG_LEVEL: 'info' }, logStream: stream });
    await credential(t, 'rapidpro:outgoing', 'rp-token');
  });
  after(async () => {
    await t.stop();
    await rp.stop();
  });

  it('claims nothing while sms.rapidpro.url is not an http(s) URL, and warns once per cycle', async () => {
    const [id] = await seed(t, 'badurl', 1);
    for (const [i, url] of ['rapidpro.example.org', 'ftp://rapidpro.example.org', 'http://'].entries()) {
      await useUrl(url);
      await cycle();
      const pending = await task(t, id as string);
      assert.deepEqual([pending.state, pending.state_history.map((h) => h.state)], ['pending', ['pending']], url);
      await eventually(() => assert.equal(logged('sms.rapidpro.url').length, i + 1, url));
    }
    const warning = JSON.parse(logged('sms.rapidpro.url')[0] as string) as { level: number; url: string };
    assert.equal(warning.level, 40);
    assert.equal(warning.url, 'rapidpro.example.org');
    assert.equal(rp.received.length, 0);

    await useUrl(rp.url);
    await cycle();
    assert.deepEqual((await task(t, id as string)).state_history.map((h) => h.state), ['pending', 'forwarded-to-gateway', 'received-by-gateway']);
    assert.deepEqual(rp.broadcasts.map((b) => b.text), ['badurl 0']);
  });

  it('a port fetch refuses to call sent nothing: back to pending, then sent once the URL is fixed', async () => {
    const [id] = await seed(t, 'badport', 1);
    await useUrl('http://127.0.0.1:6000'); // X11: on fetch's list of blocked ports
    await cycle();
    const released = await task(t, id as string);
    assert.deepEqual([released.state, released.state_history.map((h) => h.state)], ['pending', ['pending']]);
    const line = await eventually(() => {
      const [found] = logged('SMS not sent: back in the queue');
      assert.ok(found);
      return found;
    });
    assert.equal(line.match(/"service":/g)?.length, 1, 'one service field');
    assert.deepEqual(JSON.parse(line), { ...JSON.parse(line), service: 'messaging', provider: 'rapidpro', messageId: 'badport-uuid-0', reason: 'bad port' });

    await useUrl(rp.url);
    await cycle();
    assert.equal((await task(t, id as string)).state, 'received-by-gateway');
    assert.deepEqual(rp.broadcasts.filter((b) => b.text === 'badport 0').length, 1);
  });
});
