import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startBehindProxy, type ProxiedServer } from '../../../test/helpers/recording-proxy.js';
import { ACCEPT_JSON, apiUser, type Json } from './users.test-helper.js';

let servers: ProxiedServer;

before(async () => {
  servers = await startBehindProxy();
});
after(() => servers.stop());

describe('GET /api/v2/users: what one page reads', () => {
  it('the user-settings docs of the page\'s users only, by keys: never an id range that brings along deleted users\' settings', async () => {
    const { api, backend, proxy } = servers;
    const [kept, gone] = [await apiUser(api, { roles: ['national_admin'] }), await apiUser(api, { roles: ['national_admin'] })];
    assert.equal((await api.api.delete(`/api/v1/users/${gone}`, { headers: ACCEPT_JSON })).status, 200);

    proxy.requests.length = 0;
    const res = await api.api.get('/api/v2/users', { headers: ACCEPT_JSON });
    assert.equal(res.status, 200);
    const names = (res.json() as Json[]).map((u) => u.username);
    assert.ok(names.includes(kept) && !names.includes(gone));
    const mainDbReads = proxy.requests.filter((r) => r.url.startsWith(`/${backend.dbName}/_all_docs`));
    assert.ok(mainDbReads.length > 0, 'the settings were read');
    for (const read of mainDbReads) {
      assert.equal(read.method, 'POST', `${read.method} ${read.url}`);
      assert.doesNotMatch(decodeURIComponent(read.url), /startkey|endkey|start_key|end_key/);
    }
  });
});
