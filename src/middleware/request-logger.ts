import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';

/** Query parameters and path segments that carry secrets (Africa's Talking `key`, login tokens). */
const SECRET_QUERY = /([?&](?:key|token|password|apikey)=)[^&]*/gi;
const SECRET_PATH = /(\/login\/token\/)[^/?]+/;

/** The URL as it may be logged: secrets in the query or a token path are blanked. */
export function loggableUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]').replace(SECRET_PATH, '$1[redacted]');
}

/**
 * One log line per request: method, URL (secrets blanked), status, duration, user and request id.
 * Headers are not logged, so credentials and cookies never reach a log line.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? '',
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info',
    serializers: {
      req: (req: { id: string; method: string; url: string; raw?: IncomingMessage }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
        user: req.raw?.headers['x-medic-user'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${res.statusCode}`,
    customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${res.statusCode}`,
  }) as unknown as RequestHandler;
}
