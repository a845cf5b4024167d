import type { ErrorRequestHandler } from 'express';
import type { EmbeddedLogger } from '../logger.js';
import { isInternalError, sendInternalError } from './internal-error.js';
import { sendError } from './send.js';

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  name?: unknown;
  message?: unknown;
}

/**
 * The last stop for anything thrown in the compatibility layer or in express-pouchdb's routes:
 * CouchDB's `{error, reason}` envelope, never a stack trace nor a JavaScript error's message
 * (those are 500 `unknown_error` "Internal error", logged), and the process keeps running.
 */
export function errorHandler(logger: EmbeddedLogger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = (err ?? {}) as HttpishError;
    const status = Number(e.status ?? e.statusCode);
    const message = typeof e.message === 'string' ? e.message : String(err);
    if (res.headersSent) {
      logger.warn({ err: message, method: req.method, path: req.path }, 'embedded couch: error after response started');
      res.destroy();
      return;
    }
    if (e.type === 'entity.parse.failed') {
      sendError(res, 400, 'bad_request', 'invalid UTF-8 JSON');
    } else if (e.type === 'entity.too.large') {
      sendError(res, 413, 'too_large', 'the request entity is too large');
    } else if (isInternalError(err)) {
      sendInternalError(res, err, logger, req);
    } else if (status < 500) {
      sendError(res, status, typeof e.name === 'string' && e.name !== 'Error' ? e.name : 'bad_request', message);
    } else {
      logger.error({ err: message, method: req.method, path: req.path }, 'embedded couch: request failed');
      sendError(res, status, typeof e.name === 'string' ? e.name : 'unknown_error', message);
    }
  };
}
