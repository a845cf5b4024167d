import type { Config } from '../config.js';
import { startEmbeddedCouchThread } from '../embedded/embedded-thread.js';
import type { Logger } from '../logger.js';
import { resolveAdminCredentials } from './admin-credentials.js';
import type { Couch } from './couch.js';
import { couchStatus } from './couch-errors.js';

/** Where the CouchDB API answers, with the server-admin credentials to use. */
export interface DatabaseEndpoint {
  serverUrl: string;
  adminUser: string;
  adminPassword: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to the configured CouchDB, or starts the embedded store when COUCH_URL is unset.
 * `onFatal` hears of the embedded store's death (without it, the death is logged).
 */
export async function openDatabase(config: Config, logger: Logger, onFatal?: (err: Error) => void): Promise<DatabaseEndpoint> {
  const couch = config.couch;
  if (couch.mode === 'external') {
    return { serverUrl: couch.serverUrl, adminUser: couch.adminUser, adminPassword: couch.adminPassword, embedded: false, close: async () => {} };
  }
  const admin = await resolveAdminCredentials(couch.adminUser, couch.adminPassword, couch.dataDir);
  // In its own thread, as CouchDB runs in its own process: API and store work on both cores.
  const store = await startEmbeddedCouchThread({
    dataDir: couch.dataDir,
    adminUser: admin.user,
    adminPassword: admin.password,
    port: couch.port,
    logLevel: config.logLevel,
    logger,
    ...(onFatal ? { onFatal } : {}),
  });
  if (admin.generated) {
    // Printed once, on the terminal only (not a log line): the operator needs it to log in.
    process.stderr.write(
      `\nEmbedded database admin created.\n  user:     ${admin.user}\n  password: ${admin.password}\n` +
        (couch.dataDir ? `  (stored in ${couch.dataDir}/admin-credentials.json)\n\n` : '  (in-memory data: set COUCH_ADMIN_PASSWORD to choose it)\n\n'),
    );
  }
  logger.info({ url: store.url, dataDir: couch.dataDir ?? 'memory' }, 'Embedded database started');
  return { serverUrl: store.url, adminUser: admin.user, adminPassword: admin.password, embedded: true, close: () => store.close() };
}

/**
 * Waits until CouchDB answers `GET /`, retrying with a growing delay while it is unreachable;
 * gives up at once when CouchDB refuses the admin credentials (retrying would not help).
 */
export async function waitForCouch(couch: Couch, logger: Logger): Promise<void> {
  let delay = 250;
  for (;;) {
    try {
      const info = await couch.serverInfo();
      logger.info({ version: info.version }, 'Connected to CouchDB');
      return;
    } catch (err) {
      const status = couchStatus((err as { cause?: unknown }).cause ?? err);
      if (status === 401 || status === 403) {
        throw new Error(`CouchDB refused the server-admin credentials (HTTP ${status}): check COUCH_URL`, { cause: err });
      }
      logger.warn({ err: (err as Error).message, retryInMs: delay }, 'CouchDB not reachable yet');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }
}
