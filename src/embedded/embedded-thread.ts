import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { EmbeddedCouch, EmbeddedCouchOptions, EmbeddedLogger } from './embedded-couch.js';
import type { WorkerMessage, WorkerOptions } from './embedded-worker.js';

/**
 * The worker's bootstrap script: it loads `embedded-worker` beside this file (`.ts` through tsx,
 * `.js` once compiled). Loader hooks are per thread, so under tsx the worker registers tsx first.
 */
function workerScript(): string {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = JSON.stringify(new URL(`./embedded-worker${typescript ? '.ts' : '.js'}`, import.meta.url).href);
  return typescript
    ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`
    : `import(${entry});`;
}

export interface EmbeddedThreadOptions extends Omit<EmbeddedCouchOptions, 'logger'> {
  /** pino level for the store's own log lines (written to stdout by the worker). */
  logLevel: string;
  /** Told when the store's thread dies unexpectedly. */
  logger?: Pick<EmbeddedLogger, 'error'>;
}

/**
 * Starts the embedded store in a worker thread: the same HTTP server as `startEmbeddedCouch`,
 * with its own event loop, so API work and database work use both cores.
 */
export async function startEmbeddedCouchThread(opts: EmbeddedThreadOptions): Promise<EmbeddedCouch> {
  const { logger, ...rest } = opts;
  const workerData: WorkerOptions = rest;
  const worker = new Worker(workerScript(), { eval: true, workerData });
  let closing = false;
  const ready = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve(message.url);
      else reject(new Error(`Embedded store failed to start: ${message.type === 'failed' ? message.message : message.type}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`Embedded store thread exited with code ${code}`)));
  });
  worker.on('error', (err) => logger?.error({ err: err.message }, 'embedded store thread failed'));
  worker.on('exit', (code) => {
    if (!closing) logger?.error({ code }, 'embedded store thread exited unexpectedly');
  });

  let closed: Promise<void> | undefined;
  return {
    url: ready,
    close: () =>
      (closed ??= (async () => {
        closing = true;
        const exited = once(worker, 'exit');
        worker.postMessage({ type: 'close' });
        await exited;
      })()),
  };
}
