import { AsyncLocalStorage } from 'node:async_hooks';

/** What every CouchDB call made while serving a request needs to know about that request. */
export interface RequestContext {
  /** The 12-hex-character request id, sent to CouchDB as `X-Request-Id` (contacts-users §1.1). */
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with the given request context visible to the database layer. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
