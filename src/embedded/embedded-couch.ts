import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Sessions } from './auth/sessions.js';
import { UserStore } from './auth/user-store.js';
import type { CompatContext } from './compat/context.js';
import { errorHandler } from './compat/error-handler.js';
import { compatLayer } from './compat/index.js';
import { prepareDataFolders } from './data-folders.js';
import { silentLogger, type EmbeddedLogger } from './logger.js';
import { createPouchDB } from './pouch/create-pouchdb.js';
import { asMiddleware, createDbOpener, createExpressPouchApp } from './pouch/express-pouchdb-app.js';
import { trackPouchResources } from './pouch/resources.js';
import { prepareServerConfig, ServerSettings } from './server-config.js';

export type { EmbeddedLogger } from './logger.js';

export interface EmbeddedCouchOptions {
  /** LevelDB folder; when undefined the in-memory adapter is used (tests). */
  dataDir?: string;
  adminUser: string;
  adminPassword: string;
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
  /** pino-compatible logger (info/warn/error/debug methods taking (obj, msg)); optional. */
  logger?: EmbeddedLogger;
}

export interface EmbeddedCouch {
  /** Base URL without credentials, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a CouchDB-3-compatible HTTP server (express-pouchdb over PouchDB 9 behind compat/)
 * on 127.0.0.1. The admin exists before the port opens, so there is never an "admin party".
 */
export async function startEmbeddedCouch(opts: EmbeddedCouchOptions): Promise<EmbeddedCouch> {
  const logger = opts.logger ?? silentLogger;
  const folders = await prepareDataFolders(opts.dataDir);
  const PouchDB = createPouchDB(folders.prefix, folders.adapter);
  const resources = trackPouchResources(PouchDB);
  const pouchApp = await createExpressPouchApp({ PouchDB, configPath: folders.configPath, logPath: folders.logPath });
  await prepareServerConfig(pouchApp.couchConfig, opts.adminUser, opts.adminPassword);
  await resources.waitForDb('_users');

  const settings = new ServerSettings(pouchApp.couchConfig);
  const dbs = createDbOpener(
    PouchDB,
    (db, err) => logger.warn({ db, err: err instanceof Error ? err.message : String(err) }, 'embedded couch: design function failed'),
    pouchApp,
  );
  const users = new UserStore(pouchApp.couchConfig, () => dbs.open('_users'));
  const ctx: CompatContext = { PouchDB, settings, users, logger, openDb: dbs.open, sharedDb: dbs.shared, servedDb: dbs.served };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(compatLayer(ctx, new Sessions(settings, users)));
  app.use(asMiddleware(pouchApp));
  app.use(errorHandler(logger));

  const server = createServer(app);
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url, adapter: folders.adapter }, 'embedded CouchDB-compatible store listening');

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections(); // keep-alive sockets and live _changes feeds
    await closed;
    await resources.close();
    pouchApp.couchLogger?._stream?.end();
    await folders.cleanup();
    logger.info({ url }, 'embedded CouchDB-compatible store closed');
  };
  return { url, close: () => (closing ??= close()) };
}
