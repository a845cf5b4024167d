import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** Query parameters (by decoded name, `key[0]` too) and path segments that carry secrets (Africa's Talking `key`, login tokens). */
const SECRET_NAME = /^(?:key|token|password|apikey)(?:\[|$)/i;
const SECRET_PATH = /(\/login\/token\/)[^/?]+/i;

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).trim();
  } catch {
    return raw;
  }
}

/** Blanks the value of every secret parameter, read by its decoded name as the server reads it (`%6Bey=` is `key=`). */
function redactQuery(query: string): string {
  return query.replace(/([^&;=]*)=([^&;]*)/g, (pair, name: string) => (SECRET_NAME.test(decodedName(name)) ? `${name}=[redacted]` : pair));
}

/** The URL as it may be logged: secrets in the query or a token path are blanked. */
export function loggableUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt === -1 ? url : url.slice(0, queryAt)).replace(SECRET_PATH, '$1[redacted]');
  return queryAt === -1 ? path : `${path}?${redactQuery(url.slice(queryAt + 1))}`;
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
      // a throw here would be an uncaught exception: the whole process would go down
      try {
        const status = res.writableFinished ? res.statusCode : 499;
        logger.info(
          {
            req: { id: req.id, method: req.method, url: loggableUrl(req.originalUrl), user: req.headers['x-medic-user'] },
            res: { statusCode: status },
            responseTime: Math.round(performance.now() - started),
          },
          `${req.method} ${status}`,
        );
      } catch (err) {
        logger.error({ err, req: { id: req.id } }, 'Could not log a request');
      }
    });
    next();
  };
}
