import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveAdminCredentials } from './admin-credentials.js';

describe('embedded admin credentials', () => {
  it('uses the password from the environment as given', async () => {
    assert.deepEqual(await resolveAdminCredentials('admin', 'from-env', undefined), { user: 'admin', password: 'from-env', generated: false });
  });

  it('generates a password once, stores it (0600) and reads it back on the next start', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cht-admin-'));
    try {
      const first = await resolveAdminCredentials('admin', undefined, dir);
      assert.equal(first.generated, true);
      assert.ok(first.password.length >= 20);
      const file = path.join(dir, 'admin-credentials.json');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { user: 'admin', password: first.password });
      assert.deepEqual(await resolveAdminCredentials('admin', undefined, dir), { user: 'admin', password: first.password, generated: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('generates a fresh password for in-memory data (reported as generated, so it is printed)', async () => {
    const creds = await resolveAdminCredentials('admin', undefined, undefined);
    assert.equal(creds.generated, true);
  });
});
