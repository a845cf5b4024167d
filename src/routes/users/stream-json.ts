import { once } from 'node:events';
import type { Response } from 'express';

/** Bytes gathered before one write: fewer, larger chunks for large lists. */
const CHUNK = 64 * 1024;

/** Resolves when the response can take more data, or when the client went away (then false). */
async function writable(res: Response): Promise<boolean> {
  if (res.destroyed) return false;
  const stop = new AbortController();
  const on = (event: string, value: boolean) => once(res, event, { signal: stop.signal }).then(() => value, () => false);
  try {
    return await Promise.race([on('drain', true), on('close', false)]);
  } finally {
    stop.abort(); // removes the listener that did not fire
  }
}

/**
 * Sends `items` as one JSON array, written as it is read, with backpressure. The first item is read
 * before the headers go out, so an early failure still gets the normal error answer; a later one
 * aborts the connection (the error handler destroys a response whose headers were sent).
 */
export async function sendJsonArray<T>(res: Response, items: AsyncIterable<T>, map: (item: T) => unknown = (x) => x): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let next = await iterator.next();
  res.status(200).type('application/json');
  let buffer = '[';
  let first = true;
  try {
    while (!next.done) {
      buffer += (first ? '' : ',') + JSON.stringify(map(next.value));
      first = false;
      if (buffer.length >= CHUNK) {
        const more = res.write(buffer);
        buffer = '';
        if (!more && !(await writable(res))) return;
      }
      next = await iterator.next();
    }
    res.end(`${buffer}]`);
  } finally {
    if (!next.done) await iterator.return?.();
  }
}
