import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { hierarchy, saveDocs } from '../src/routes/contacts/contacts.test-helper.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { uniqueName } from './helpers/users.js';

const run = promisify(execFile);
const CHT = path.resolve('node_modules/.bin/cht');
const PASSWORD = 'Secret-pass-42';

describe('cht-conf create-users against the server', () => {
  let t: TestServer;
  let project: string;

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, hierarchy());
    project = await mkdtemp(path.join(tmpdir(), 'cht-conf-users-'));
  });
  after(async () => {
    await t.stop();
    await rm(project, { recursive: true, force: true });
  });

  it('creates every user of users.csv: new place and contact, existing ones (after users-info), an online user with empty place columns', async () => {
    const [chw, supervisor, manager] = [uniqueName('chw'), uniqueName('sup'), uniqueName('mgr')];
    const csv = [
      'username,password,roles,phone,contact,place,contact.name,contact.phone,place.name,place.type,place.parent',
      `${chw},${PASSWORD},chw,+254712000010,,,Ann CHW,+254712000010,Ann's area,health_center,dh1`,
      `${supervisor},${PASSWORD},chw_supervisor:chw,,p-chw,hc1,,,,,`,
      `${manager},${PASSWORD},national_admin,,,,,,,,`,
    ].join('\n');
    await writeFile(path.join(project, 'users.csv'), csv);
    const url = new URL(t.url);
    url.username = encodeURIComponent(t.admin.user);
    url.password = encodeURIComponent(t.admin.password);
    const { stdout, stderr } = await run(
      CHT,
      [`--url=${url.toString().replace(/\/$/, '')}`, '--force', '--skip-version-check', '--skip-dependency-check', 'create-users'],
      { cwd: project, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 },
    );
    const out = stdout + stderr;
    assert.match(out, /create-users complete/);
    assert.match(out, new RegExp(`Requesting user-info for "${supervisor}"`));

    const users = (await t.api.get('/api/v2/users', { headers: { accept: 'application/json' } })).json() as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const find = (name: string) => users.find((u) => u.username === name);
    const a = find(chw);
    assert.equal(a?.place[0].name, "Ann's area");
    assert.equal(a?.place[0].parent._id, 'dh1');
    assert.equal(a?.contact.name, 'Ann CHW');
    assert.equal(a?.phone, '+254712000010');
    assert.deepEqual(a?.roles, ['chw']);
    const s = find(supervisor);
    assert.equal(s?.place[0]._id, 'hc1');
    assert.equal(s?.contact._id, 'p-chw');
    assert.deepEqual(s?.roles, ['chw_supervisor', 'chw']);
    const m = find(manager);
    assert.equal(m?.place, null);
    assert.deepEqual(m?.roles, ['national_admin', 'mm-online']);
    const login = await t.anonymous.post('/_session', { json: { name: manager, password: PASSWORD } });
    assert.equal(login.status, 200);
  });
});
