import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { HttpClient, type Credentials } from './http-client.js';

export interface TestServer {
  /** API base URL. */
  url: string;
  /** Name of this run's main database (unique per server). */
  dbName: string;
  admin: Credentials;
  /** Calls the API as the server admin (Basic auth). */
  api: HttpClient;
  /** Calls the API with no credentials. */
  anonymous: HttpClient;
  /** Calls CouchDB (or the embedded store) directly as the server admin. */
  couch: HttpClient;
  server: RunningServer;
  stop(): Promise<void>;
}

/** A fresh database name per server, so test files never see each other's data. */
export function uniqueDbName(): string {
  return `t-${randomBytes(5).toString('hex')}`;
}

export interface TestServerOptions {
  /** Extra environment for loadConfig. */
  env?: Record<string, string>;
  /** Reuse a main database (restart tests); a fresh unique name by default. */
  dbName?: string;
  /** Embedded store folder that outlives the server (restart tests); memory by default. */
  dataDir?: string;
  /** Keep the databases when stopping (restart tests on a real CouchDB). */
  keepData?: boolean;
  /** Receives the server's log lines (JSON, one per line) instead of stdout. */
  logStream?: NodeJS.WritableStream;
}

/**
 * Boots the real server on port 0: on the in-memory embedded store, or on the CouchDB of
 * `COUCH_URL` (with a unique main database) when that is set. Nothing here depends on which.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dbName = options.dbName ?? uniqueDbName();
  const external = process.env.COUCH_URL;
  const couchEnv: Record<string, string> = external
    ? { COUCH_URL: new URL(`/${dbName}`, external).toString() }
    : {
        DATA_DIR: options.dataDir ?? ':memory:',
        DB_NAME: dbName,
        COUCH_ADMIN_PASSWORD: process.env.TEST_ADMIN_PASSWORD ?? 'test-admin-password',
      };
  const config = loadConfig({
    API_PORT: '0',
    API_HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...couchEnv,
    ...options.env,
  });
  const server = await startServer(config, createLogger(config, options.logStream));
  const admin = server.admin;
  const adminCreds = { user: admin.user, password: admin.password };
  return {
    url: server.url,
    dbName,
    admin: adminCreds,
    api: new HttpClient(server.url, adminCreds),
    anonymous: new HttpClient(server.url),
    couch: new HttpClient(server.couchUrl, adminCreds),
    server,
    stop: async () => {
      if (external && !options.keepData) await dropDatabases(new HttpClient(server.couchUrl, adminCreds), dbName);
      await server.close();
    },
  };
}

/** Deletes a main database and its companions (real-CouchDB runs clean up after themselves). */
export async function dropDatabases(couch: HttpClient, dbName: string): Promise<void> {
  for (const suffix of ['', '-sentinel', '-logs', '-users-meta', '-vault', '-audit']) {
    await couch.delete(`/${encodeURIComponent(dbName + suffix)}`);
  }
}
