/**
 * Worker-thread entry of the embedded store: runs `startEmbeddedCouch` on its own thread (and
 * event loop), as a real CouchDB runs in its own process, so the store and the API do not queue
 * behind each other. Talks to its parent with small messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { startEmbeddedCouch, type EmbeddedCouchOptions } from './embedded-couch.js';

export interface WorkerOptions extends Omit<EmbeddedCouchOptions, 'logger'> {
  logLevel: string;
}

export type WorkerMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string } | { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('embedded-worker must run in a worker thread');
const { logLevel, ...options } = workerData as WorkerOptions;
const logger = pino({ level: logLevel, base: { service: 'embedded-couch' }, timestamp: pino.stdTimeFunctions.isoTime });

const describe = (err: unknown): { err: string; stack?: string } =>
  err instanceof Error ? { err: err.message, stack: err.stack } : { err: String(err) };

// Last net for failures inside PouchDB/LevelDB callbacks, which no request handler can catch.
// A rejected promise nobody awaited leaves the store consistent (at worst one request never gets
// its answer): log it and keep serving, rather than Node's default of ending the thread.
process.on('unhandledRejection', (reason) => {
  logger.error(describe(reason), 'embedded couch: unhandled promise rejection (the store keeps running)');
});
// An exception thrown out of a callback leaves the store in an unknown state (a LevelDB lock or
// a write half done), so the thread still dies of it: the parent's onFatal ends the API process
// and its supervisor restarts it. A monitor only logs, flushed before the thread goes.
process.on('uncaughtExceptionMonitor', (err) => {
  logger.error(describe(err), 'embedded couch: uncaught exception, the store thread stops');
  flushLog();
});

function flushLog(): void {
  const stream = (logger as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[pino.symbols.streamSym];
  try {
    stream?.flushSync?.();
  } catch {
    // nothing more can be done for the log of a dying thread
  }
}

startEmbeddedCouch({ ...options, logger }).then(
  (store) => {
    port.on('message', (message: { type: string }) => {
      if (message.type !== 'close') return;
      store.close().finally(() => {
        port.postMessage({ type: 'closed' } satisfies WorkerMessage);
        port.close();
      });
    });
    port.postMessage({ type: 'ready', url: store.url } satisfies WorkerMessage);
  },
  (err: unknown) => {
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
    port.close();
  },
);
