/**
 * Test stand-in for the store thread's entry: the real embedded-worker, which dies right after
 * reporting that it is ready, as a bug in the store would kill it. `?throw` (in the module URL):
 * of an uncaught exception; `?exit`: by ending its thread with code 3. `?reject` leaves a promise
 * rejection unhandled instead, which the store survives.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from './embedded-worker.js';

const port = parentPort;
if (!port) throw new Error('must run in a worker thread');
const how = new URL(import.meta.url).search;
const post = port.postMessage.bind(port);
port.postMessage = (message: WorkerMessage) => {
  post(message);
  if (message.type !== 'ready') return;
  setImmediate(() => {
    if (how === '?exit') process.exit(3);
    if (how === '?reject') {
      void Promise.reject(new Error('nobody awaited this'));
      return;
    }
    throw new Error('store crashed');
  });
};
await import('./embedded-worker.js');
