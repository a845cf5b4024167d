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
