import type { IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { Dispatcher } from 'undici';
import { toAppError } from './couch-errors.js';

/** Status recorded when the client disconnected before CouchDB answered (nginx's convention). */
export const CLIENT_CLOSED = 499;

/**
 * Headers that describe one hop and must not be forwarded (RFC 9110 §7.6.1), plus `expect`:
 * Node already answered `100 Continue` to the client, and undici refuses to send it on.
 */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'host', 'proxy-connection', 'expect',
]);

/** The hop-by-hop set of one message: the fixed names plus those its `Connection` header lists. */
function hopByHop(connection: string | string[] | undefined): Set<string> {
  const listed = [connection ?? []].flat().flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  return listed.length ? new Set([...HOP_BY_HOP, ...listed]) : HOP_BY_HOP;
}

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const skip = hopByHop(headers.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !skip.has(name)) out[name] = value;
  }
  return out;
}

function hasBody(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Streams a request to CouchDB with the caller's own credentials and streams the answer back,
 * both ways without buffering (bodies, attachments, `_changes` feeds). A client that goes away
 * aborts the CouchDB request.
 */
export class Passthrough {
  constructor(private readonly deps: { serverUrl: string; dispatcher: Dispatcher }) {}

  /** Forwards `req` to `path` (path and query string) on CouchDB; resolves when the answer is sent. */
  async forward(req: Request, res: Response, path: string): Promise<number> {
    const publicOrigin = `${req.protocol}://${req.get('host') ?? ''}`; // read now: the socket may be gone later
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.once('close', onClose);
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await this.deps.dispatcher.request({
        origin: this.deps.serverUrl,
        path,
        method: req.method as Dispatcher.HttpMethod,
        headers: forwardable(req.headers),
        body: hasBody(req) ? req : undefined,
        signal: abort.signal,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    } catch (err) {
      res.off('close', onClose);
      if (abort.signal.aborted) return CLIENT_CLOSED; // the client left first: nothing to answer
      throw toAppError(err);
    }
    res.status(upstream.statusCode);
    for (const [name, value] of Object.entries(forwardable(upstream.headers))) res.setHeader(name, value);
    this.rewriteLocation(res, publicOrigin);
    try {
      await pipeline(upstream.body, res);
    } catch {
      // The client went away or CouchDB cut the stream: nothing more can be sent.
      res.destroy();
    } finally {
      res.off('close', onClose);
    }
    return upstream.statusCode;
  }

  /** CouchDB builds `Location` from its own address: point it at this server as the client sees it. */
  private rewriteLocation(res: Response, publicOrigin: string): void {
    const location = res.getHeader('location');
    if (typeof location !== 'string' || !location.startsWith(this.deps.serverUrl)) return;
    res.setHeader('location', `${publicOrigin}${location.slice(this.deps.serverUrl.length)}`);
  }
}
