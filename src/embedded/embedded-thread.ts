import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { EmbeddedCouch, EmbeddedCouchOptions, EmbeddedLogger } from './embedded-couch.js';
import type { WorkerMessage, WorkerOptions } from './embedded-worker.js';

const TYPESCRIPT = import.meta.url.endsWith('.ts');

/** `embedded-worker` beside this file (`.ts` through tsx, `.js` once compiled). */
const DEFAULT_ENTRY = new URL(`./embedded-worker${TYPESCRIPT ? '.ts' : '.js'}`, import.meta.url);

/** The worker's bootstrap script. Loader hooks are per thread, so under tsx the worker registers tsx first. */
function workerScript(entry: URL): string {
  const href = JSON.stringify(entry.href);
  return TYPESCRIPT
    ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${href}); });`
    : `import(${href});`;
}

export interface EmbeddedThreadOptions extends Omit<EmbeddedCouchOptions, 'logger'> {
  /** pino level for the store's own log lines (written to stdout by the worker). */
  logLevel: string;
  /**
   * Called once when the store's thread dies other than through `close()`: every database call
   * would fail from then on, so the caller should end the process (a supervisor restarts it).
   */
  onFatal?: (err: Error) => void;
  /** Logs the thread's death at error level when no `onFatal` is given. */
  logger?: Pick<EmbeddedLogger, 'error'>;
  /** The module the thread runs; tests pass stand-ins. */
  entry?: URL;
}

/**
 * Starts the embedded store in a worker thread: the same HTTP server as `startEmbeddedCouch`,
 * with its own event loop, so API work and database work use both cores.
 */
export async function startEmbeddedCouchThread(opts: EmbeddedThreadOptions): Promise<EmbeddedCouch> {
  const { logger, onFatal, entry = DEFAULT_ENTRY, ...rest } = opts;
  const workerData: WorkerOptions = rest;
  const worker = new Worker(workerScript(entry), { eval: true, workerData });
  let state: 'starting' | 'running' | 'closing' | 'exited' = 'starting';
  let failStart: (err: Error) => void = () => undefined;
  let fatalReported = false;

  const died = (err: Error): void => {
    if (state === 'starting') failStart(err);
    if (state !== 'running' || fatalReported) return;
    fatalReported = true;
    if (onFatal) onFatal(err);
    else logger?.error({ err: err.message }, 'embedded store thread died: database calls will fail until restart');
  };
  // Listening from the start: an exit right after 'ready' must not slip between two listeners.
  worker.on('error', (err) => died(err));
  worker.on('exit', (code) => {
    died(new Error(`Embedded store thread exited with code ${code}`));
    state = 'exited';
  });

  const url = await new Promise<string>((resolve, reject) => {
    failStart = reject;
    worker.once('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        state = 'running';
        resolve(message.url);
      } else {
        reject(new Error(`Embedded store failed to start: ${message.type === 'failed' ? message.message : message.type}`));
      }
    });
  });

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    if (state === 'exited') return; // already gone: no 'exit' event will come again
    state = 'closing';
    const exited = once(worker, 'exit');
    worker.postMessage({ type: 'close' });
    await exited;
  };
  return { url, close: () => (closed ??= close()) };
}
