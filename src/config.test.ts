import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the embedded store with defaults when COUCH_URL is unset', () => {
    const config = loadConfig({});
    assert.equal(config.port, 5988);
    assert.equal(config.dbName, 'medic');
    assert.equal(config.couch.mode, 'embedded');
    assert.equal(config.couch.adminUser, 'admin');
  });

  it('takes server, admin and main database from COUCH_URL', () => {
    const config = loadConfig({ COUCH_URL: 'http://adm:p%40ss@127.0.0.1:5984/medic-test' });
    assert.equal(config.dbName, 'medic-test');
    assert.deepEqual(config.couch, { mode: 'external', serverUrl: 'http://127.0.0.1:5984', adminUser: 'adm', adminPassword: 'p@ss' });
  });

  it('keeps the data in memory for DATA_DIR=:memory:', () => {
    const config = loadConfig({ DATA_DIR: ':memory:' });
    assert.equal(config.couch.mode === 'embedded' && config.couch.dataDir, undefined);
  });

  it('reports every problem at once', () => {
    assert.throws(
      () => loadConfig({ COUCH_URL: 'http://127.0.0.1:5984/', API_PORT: 'nope', LOG_LEVEL: 'loud' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 4);
        assert.match(err.message, /API_PORT/);
        assert.match(err.message, /LOG_LEVEL/);
        assert.match(err.message, /main database/);
        assert.match(err.message, /credentials/);
        return true;
      },
    );
  });

  it('reports a bad percent-encoding in COUCH_URL as a problem, with the others, never quoting the password', () => {
    const cases = [
      ['http://admin:p%zzSecret@127.0.0.1:5984/medic', /COUCH_URL: invalid percent-encoding in the password/],
      ['http://ad%zzmin:pass@127.0.0.1:5984/medic', /COUCH_URL: invalid percent-encoding in the user name/],
      ['http://admin:pass@127.0.0.1:5984/me%zzdic', /COUCH_URL: invalid percent-encoding in the database path/],
    ] as const;
    for (const [url, problem] of cases) {
      assert.throws(
        () => loadConfig({ COUCH_URL: url, API_PORT: 'nope' }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError, url);
          assert.equal(err.problems.length, 2, url);
          assert.match(err.message, problem);
          assert.match(err.message, /API_PORT/);
          assert.doesNotMatch(err.message, /Secret/);
          return true;
        },
      );
    }
  });
});
