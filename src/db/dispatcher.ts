import { Agent, type Dispatcher } from 'undici';
import { currentRequestContext } from './request-context.js';

/** Headers the reference adds to every CouchDB call (contacts-users §1.1 step 3). */
function withServiceHeaders(headers: Dispatcher.DispatchOptions['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i])] = headers[i + 1] as string;
  } else if (headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [k, v] of headers as Iterable<[string, string | string[]]>) out[k] = v;
  } else if (headers) {
    Object.assign(out, headers);
  }
  out['x-medic-service'] = 'api';
  const ctx = currentRequestContext();
  if (ctx) out['x-request-id'] = ctx.requestId;
  return out;
}

/**
 * The keep-alive connection pool every CouchDB call goes through (nano, the proxy and
 * session lookups), tagging each call with the request id of the request it serves.
 */
export function createCouchDispatcher(): { dispatcher: Dispatcher; close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128, pipelining: 1 });
  const dispatcher = agent.compose(
    (dispatch) => (opts, handler) => dispatch({ ...opts, headers: withServiceHeaders(opts.headers) }, handler),
  );
  return { dispatcher, close: () => agent.close() };
}
