import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEmbeddedCouchThread, type EmbeddedThreadOptions } from './embedded-thread.js';
import { ADMIN, call } from './test-helpers.js';

const base: EmbeddedThreadOptions = { adminUser: ADMIN.name, adminPassword: ADMIN.password, logLevel: 'silent' };
const dying = (how: 'throw' | 'exit' | 'reject'): URL => new URL(`./embedded-thread-death.test-helper.ts?${how}`, import.meta.url);

/** A callback and a promise of its first argument. */
function reported<T>(): { callback: (value: T) => void; value: Promise<T> } {
  let callback!: (value: T) => void;
  const value = new Promise<T>((resolve) => (callback = resolve));
  return { callback, value };
}

// A hang (close() waiting for an exit that already happened, onFatal never called) fails by this timeout.
describe('embedded store thread', { timeout: 60_000 }, () => {
  it('serves requests and closes', async () => {
    const store = await startEmbeddedCouchThread(base);
    assert.equal((await call(store.url, 'GET', '/_up', { auth: null })).status, 200);
    await store.close();
    await store.close(); // idempotent
  });

  it('calls onFatal when the thread dies of an uncaught exception', async () => {
    const fatal = reported<Error>();
    const store = await startEmbeddedCouchThread({ ...base, entry: dying('throw'), onFatal: fatal.callback });
    assert.match((await fatal.value).message, /store crashed/);
    await store.close();
  });

  it('calls onFatal when the thread exits, and close() afterwards resolves at once', async () => {
    const fatal = reported<Error>();
    const store = await startEmbeddedCouchThread({ ...base, entry: dying('exit'), onFatal: fatal.callback });
    assert.match((await fatal.value).message, /exited with code 3/);
    await store.close(); // the exit event has fired already: nothing more will come
  });

  it('survives an unhandled promise rejection (logged by the thread) and keeps serving', async () => {
    let fatal: Error | undefined;
    const store = await startEmbeddedCouchThread({ ...base, entry: dying('reject'), onFatal: (err) => (fatal = err) });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the rejection happens right after 'ready'
    assert.equal((await call(store.url, 'GET', '/_up', { auth: null })).status, 200);
    assert.equal(fatal, undefined);
    await store.close();
  });

  it('logs the death at error level when no onFatal is given', async () => {
    const logged = reported<{ obj: object; msg: string }>();
    const logger = { error: (obj: object, msg?: string) => logged.callback({ obj, msg: msg ?? '' }) };
    const store = await startEmbeddedCouchThread({ ...base, entry: dying('throw'), logger });
    const { obj, msg } = await logged.value;
    assert.match(msg, /embedded store thread died/);
    assert.deepEqual(obj, { err: 'store crashed' });
    await store.close();
  });
});
