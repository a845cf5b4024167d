import type { Request, RequestHandler } from 'express';
import { TooManyRequestsError } from '../errors.js';
import { parseBasicAuth } from '../http/basic-auth.js';
import type { RateLimiter } from '../services/rate-limiter.js';

/**
 * The keys read from the connection and the headers (client IP, Basic credentials), computed once
 * while the socket is there: when the answer has finished the socket may already be detached, and
 * `req.ip` then throws (a body CouchDB refused without reading it, for one).
 */
const connectionKeys = new WeakMap<Request, string[]>();

function keysOfConnection(req: Request): string[] {
  let keys = connectionKeys.get(req);
  if (!keys) {
    keys = [`ip:${req.ip ?? ''}`];
    const basic = parseBasicAuth(req.headers.authorization);
    if (basic) keys.push(`user:${basic.username}`, `password:${basic.password}`);
    connectionKeys.set(req, keys);
  }
  return keys;
}

/** The limiter keys of a request: client IP, Basic credentials, and login-body credentials once parsed. */
export function rateLimitKeys(req: Request): string[] {
  const keys = [...keysOfConnection(req)];
  const body = req.body as { user?: unknown; password?: unknown } | undefined;
  if (typeof body?.user === 'string') keys.push(`user:${body.user}`);
  if (typeof body?.password === 'string') keys.push(`password:${body.password}`);
  return keys;
}

/** True when the request carries login credentials (Basic auth or a login body). */
export function carriesCredentials(req: Request): boolean {
  return !!parseBasicAuth(req.headers.authorization) || typeof (req.body as { user?: unknown } | undefined)?.user === 'string';
}

/**
 * Counts every 401/429 answer against the request's keys, and refuses with 429 a request that
 * carries credentials when any of its keys is spent (contacts-users §1.2.5).
 */
export function rateLimit(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    keysOfConnection(req); // now, while the socket is attached
    res.on('finish', () => {
      // a throw here would be an uncaught exception: the whole process would go down
      try {
        if (res.statusCode === 401 || res.statusCode === 429) limiter.consume(rateLimitKeys(req));
      } catch (err) {
        (req.log as Request['log'] | undefined)?.error({ err }, 'Could not count a failed request against the rate limit');
      }
    });
    if (carriesCredentials(req) && limiter.isLimited(rateLimitKeys(req))) {
      next(new TooManyRequestsError());
      return;
    }
    next();
  };
}

/** Re-checks once a login body is parsed (its `user`/`password` are keys too). */
export function rateLimitLoginBody(limiter: RateLimiter): RequestHandler {
  return (req, _res, next) => {
    next(limiter.isLimited(rateLimitKeys(req)) ? new TooManyRequestsError() : undefined);
  };
}
