import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from './helpers/eventually.js';
import { logLines } from './helpers/log-lines.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { uniqueName } from './helpers/users.js';

describe('passwords and login tokens stay out of logs and answers', () => {
  let t: TestServer;
  const { stream, lines } = logLines();

  before(async () => {
    t = await startTestServer({ env: { LOG_LEVEL: 'trace' }, logStream: stream });
    await t.api.put('/api/v1/settings', { json: { token_login: { enabled: true, translation_key: 'k' }, app_url: 'https://cht.example.org', default_country_code: 254 } });
  });
  after(() => t.stop());

  it('through create, CSV import, update, token login and the lists', async () => {
    const json = { accept: 'application/json' };
    const secrets = ['Create-secret-31', 'Csv-secret-32', 'Update-secret-33', 'Weak'.padEnd(8, 'k')];
    const [a, b, c] = [uniqueName(), uniqueName(), uniqueName()];
    const answers: string[] = [];
    const keep = async (res: Promise<{ text: string }>) => answers.push((await res).text);

    await keep(t.api.post('/api/v1/users', { json: { username: a, password: secrets[0], roles: ['national_admin'] }, headers: json }));
    await keep(t.api.post('/api/v2/users', { body: `username,password,type\n${b},${secrets[1]},national_admin`, headers: { 'content-type': 'text/csv', ...json } }));
    await keep(t.anonymous.post(`/api/v1/users/${a}`, { auth: { user: a, password: secrets[0] as string }, json: { password: secrets[2] }, headers: json }));
    await keep(t.api.post('/api/v1/users', { json: { username: uniqueName(), password: secrets[3], roles: ['national_admin'] }, headers: json }));
    await keep(t.api.post('/api/v1/users', { json: { username: c, roles: ['national_admin'], token_login: true, phone: '+254712000077' }, headers: json }));
    const token = (await t.couch.get(`/_users/org.couchdb.user:${c}`)).json().token_login.token as string;
    assert.equal(token.length, 64);
    await keep(t.anonymous.get(`/medic/login/token/${token}`));
    await keep(t.anonymous.post(`/medic/login/token/${token}`, { json: {}, headers: json }));
    await keep(t.anonymous.post(`/medic/login/token/${token}`, { json: {}, headers: json }));
    await keep(t.api.get('/api/v2/users', { headers: json }));
    await keep(t.api.get(`/api/v2/users/${c}`, { headers: json }));
    // the request log line is written when the response closes: wait for the last one
    await eventually(() => assert.ok(lines.some((l) => l.includes(`/api/v2/users/${c}`))));

    const bulkLog = await t.couch.get(`/${t.dbName}-logs/_all_docs?include_docs=true&startkey=${encodeURIComponent('"bulk-user-upload-"')}&endkey=${encodeURIComponent('"bulk-user-upload-\ufff0"')}`);
    const everything = { logs: lines.join('\n'), answers: answers.join('\n'), bulkLog: bulkLog.text };
    assert.ok(lines.length > 10, 'the server did log');
    for (const [where, text] of Object.entries(everything)) {
      for (const secret of [...secrets, token, encodeURIComponent(token)]) assert.ok(!text.includes(secret), `${where} must not contain a secret`);
      for (const field of ['derived_key', '"salt"']) assert.ok(where === 'bulkLog' || !text.includes(field), `${where} must not contain ${field}`);
    }
  });
});
