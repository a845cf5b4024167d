import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithRequestContext } from '../db/request-context.js';

/**
 * Gives each request a random 12-hex-character id, exposes it to the database layer so every
 * CouchDB call carries it as `X-Request-Id` (contacts-users §1.1 step 3), and echoes it back.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const id = randomBytes(6).toString('hex');
    req.id = id;
    req.headers['x-request-id'] = id;
    res.setHeader('X-Request-Id', id);
    runWithRequestContext({ requestId: id }, next);
  };
}
