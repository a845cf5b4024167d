import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const run = promisify(execFile);
const CHT = path.resolve('node_modules/.bin/cht');

/** A small but real app_settings.json, as a CHT project keeps it. */
const APP_SETTINGS = {
  locale: 'en',
  contact_types: [
    { id: 'district_hospital', name_key: 'contact.type.district_hospital', group_key: 'contact.type.district_hospital.plural', create_key: 'contact.type.district_hospital.new', edit_key: 'contact.type.place.edit', icon: 'medic-district-hospital', create_form: 'form:contact:district_hospital:create', edit_form: 'form:contact:district_hospital:edit' },
    { id: 'person', name_key: 'contact.type.person', group_key: 'contact.type.person.plural', create_key: 'contact.type.person.new', edit_key: 'contact.type.person.edit', icon: 'medic-person', create_form: 'form:contact:person:create', edit_form: 'form:contact:person:edit', parents: ['district_hospital'], person: true },
  ],
  roles: { chw: { name: 'usertype.chw', offline: true }, national_admin: { name: 'usertype.national-admin' } },
  permissions: { can_edit: ['chw', 'national_admin'], can_configure: ['national_admin'] },
  sms: { outgoing_service: 'medic-gateway' },
  cht_conf_marker: 'uploaded by cht-conf',
};

describe('cht-conf against the server', () => {
  let t: TestServer;
  let project: string;

  before(async () => {
    t = await startTestServer();
    project = await mkdtemp(path.join(tmpdir(), 'cht-conf-project-'));
    await writeFile(path.join(project, 'app_settings.json'), JSON.stringify(APP_SETTINGS, null, 2));
  });
  after(async () => {
    await t.stop();
    await rm(project, { recursive: true, force: true });
  });

  const cht = (...actions: string[]) => {
    const url = new URL(t.url);
    url.username = encodeURIComponent(t.admin.user);
    url.password = encodeURIComponent(t.admin.password);
    return run(CHT, [`--url=${url.toString().replace(/\/$/, '')}`, '--force', '--skip-version-check', '--skip-dependency-check', ...actions], {
      cwd: project,
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 120_000,
    });
  };

  it('uploads and backs up app settings, then reports no changes on a second run', async () => {
    const first = await cht('upload-app-settings', 'backup-app-settings');
    const firstOut = first.stdout + first.stderr;
    assert.match(firstOut, /Settings updated successfully/);
    assert.match(firstOut, /upload-app-settings complete/);
    assert.match(firstOut, /backup-app-settings complete/);

    const stored = (await t.api.get('/api/v1/settings')).json();
    assert.equal(stored.cht_conf_marker, 'uploaded by cht-conf');
    const backups = await readdir(path.join(project, 'backups'));
    assert.equal(backups.length, 1);
    const backup = JSON.parse(await readFile(path.join(project, 'backups', backups[0] as string), 'utf8'));
    assert.equal(backup.cht_conf_marker, 'uploaded by cht-conf');

    const second = await cht('upload-app-settings');
    assert.match(second.stdout + second.stderr, /Settings not updated - no changes detected/);
  });
});
