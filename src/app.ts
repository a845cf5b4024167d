import compression from 'compression';
import express, { type Express } from 'express';
import helmet from 'helmet';
import qs from 'qs';
import { NotFoundError } from './errors.js';
import { authenticate } from './middleware/authenticate.js';
import { errorHandler } from './middleware/error-handler.js';
import { normalizeUrl } from './middleware/normalize-url.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { requestLogger } from './middleware/request-logger.js';
import { couchPassthrough } from './routes/couch/couch.routes.js';
import { mountRoutes } from './routes/index.js';
import type { Services } from './services.js';

/** The HTTP application; the middleware order follows the reference (contacts-users §1.1). */
export function createApp(s: Services): Express {
  const app = express();
  const dbName = s.couch.names.medic;
  app.set('strict routing', true); // a trailing slash is a different route
  app.set('trust proxy', true); // client IP and protocol from X-Forwarded-For / -Proto
  app.set('query parser', (str: string) => qs.parse(str, { depth: 5, arrayLimit: 20 }));
  app.disable('x-powered-by');

  app.use(s.metrics.middleware()); // serves /api/v1/express-metrics, times everything else
  app.use(requestId());
  app.use(requestLogger(s.logger));
  app.use(rateLimit(s.limiter));
  app.use(normalizeUrl(dbName));
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.use('/api', compression());
  app.use(authenticate(s.sessions));

  mountRoutes(app, s);
  app.use('/api', () => {
    throw new NotFoundError('Not found');
  });
  app.use(couchPassthrough({ passthrough: s.passthrough, sessions: s.sessions, dbName }));
  app.use(errorHandler(dbName));
  return app;
}
