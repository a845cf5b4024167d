import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** Query parameters and path segments that carry secrets (Africa's Talking `key`, login tokens). */
const SECRET_QUERY = /([?&](?:key|token|password|apikey)=)[^&]*/gi;
const SECRET_PATH = /(\/login\/token\/)[^/?]+/i;

/** The URL as it may be logged: secrets in the query or a token path are blanked. */
export function loggableUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]').replace(SECRET_PATH, '$1[redacted]');
}

/**
 * One log line per request when it ends: method, URL (secrets blanked), status, duration, user
 * and request id. Headers are never logged, so credentials and cookies cannot reach a log line.
 * A client that leaves before the answer is logged with status 499.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    req.log = logger.child({ reqId: req.id }); // error lines of this request carry its id
    if (!logger.isLevelEnabled('info')) return next();
    const started = performance.now();
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      logger.info(
        {
          req: { id: req.id, method: req.method, url: loggableUrl(req.originalUrl), user: req.headers['x-medic-user'] },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        `${req.method} ${status}`,
      );
    });
    next();
  };
}
