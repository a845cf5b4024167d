import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from './app.js';
import { bootstrap } from './bootstrap/bootstrap.js';
import type { Config } from './config.js';
import { Couch } from './db/couch.js';
import { openDatabase, waitForCouch } from './db/connect.js';
import type { Logger } from './logger.js';
import { createServices, type Services } from './services.js';

/** How long in-flight requests may run on after a shutdown starts. */
const SHUTDOWN_GRACE_MS = 5_000;

export interface RunningServer {
  /** Base URL the API answers on, e.g. http://127.0.0.1:5988 */
  url: string;
  /** CouchDB (or embedded store) base URL and admin, for tests and tools. */
  couchUrl: string;
  admin: { user: string; password: string };
  services: Services;
  /** Stops accepting connections, waits for in-flight requests, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Told when the embedded store dies under the running server (main.ts ends the process). */
  onFatal?: (err: Error) => void;
}

/** Listens on the configured port; rejects when it cannot (port in use, no such interface). */
function listen(app: Express, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    // express 5 calls back with the listen error too (EADDRINUSE)
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
}

/** Opens the database, bootstraps it, builds the app and listens: everything `main.ts` does but the process handling. */
export async function startServer(config: Config, logger: Logger, opts: StartOptions = {}): Promise<RunningServer> {
  const endpoint = await openDatabase(config, logger, opts.onFatal);
  const couch = new Couch({
    serverUrl: endpoint.serverUrl,
    adminUser: endpoint.adminUser,
    adminPassword: endpoint.adminPassword,
    dbName: config.dbName,
  });
  let services: Services | undefined;
  let server: Server;
  try {
    await waitForCouch(couch, logger);
    await bootstrap(couch, logger);
    services = createServices(config, couch, logger);
    await services.settingsWatcher.start();
    server = await listen(createApp(services), config);
  } catch (err) {
    // nothing may outlive a failed start (the store's thread, pooled sockets): the process must be able to exit
    await services?.settingsWatcher.stop();
    await couch.close();
    await endpoint.close();
    throw err;
  }
  server.keepAliveTimeout = 65_000;
  services.metrics.watch(server);
  services.messaging.push.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url, db: config.dbName, embedded: endpoint.embedded }, 'API listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Keep-alive connections go idle as their last request ends: close them as they do. Requests
      // still running after the grace period (live `_changes` feeds hold for hours) are cut.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clearInterval(sweep);
      clearTimeout(cut);
      await services.settingsWatcher.stop();
      await services.messaging.push.stop();
      await couch.close();
      await endpoint.close();
    })());
  return { url, couchUrl: endpoint.serverUrl, admin: { user: endpoint.adminUser, password: endpoint.adminPassword }, services, close };
}
