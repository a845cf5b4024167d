import type { Server } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const DURATION_BUCKETS = [0.004, 0.007, 0.013, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 25, 45, 90, 180, 360, 600, 1200, 1800, 3600];
const SIZE_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const LABELS = ['method', 'route', 'code'] as const;
const METRICS_PATH = '/api/v1/express-metrics';

/** The Prometheus registry with the reference's metric names (settings spec §7.2), so CHT Watchdog keeps working. */
export class Metrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<(typeof LABELS)[number]>;
  private readonly requestSize: Histogram<(typeof LABELS)[number]>;
  private readonly responseSize: Histogram<(typeof LABELS)[number]>;
  private server: Server | undefined;

  constructor(version: string) {
    collectDefaultMetrics({ register: this.registry, prefix: 'cht_api_' });
    const registers = [this.registry];
    this.duration = new Histogram({ name: 'cht_api_http_request_duration_seconds', help: 'Duration of HTTP requests in seconds', labelNames: LABELS, buckets: DURATION_BUCKETS, registers });
    this.requestSize = new Histogram({ name: 'cht_api_http_request_size_bytes', help: 'Size of HTTP requests in bytes', labelNames: LABELS, buckets: SIZE_BUCKETS, registers });
    this.responseSize = new Histogram({ name: 'cht_api_http_response_size_bytes', help: 'Size of HTTP responses in bytes', labelNames: LABELS, buckets: SIZE_BUCKETS, registers });
    const [major = '0', minor = '0', patch = '0'] = version.split('.');
    new Gauge({ name: 'cht_api_app_version', help: 'The service version by package.json', labelNames: ['version', 'major', 'minor', 'patch'], registers }).set({ version, major, minor, patch }, 1);
    const openConnections = () => this.openConnections();
    // Unprefixed in the reference too (prometheus-api-metrics names it so).
    new Gauge({
      name: 'expressjs_number_of_open_connections',
      help: 'Number of open connections to the Express.js server',
      registers,
      async collect() {
        this.set(await openConnections());
      },
    });
  }

  /** Counts open connections of this server in `expressjs_number_of_open_connections`. */
  watch(server: Server): void {
    this.server = server;
  }

  /**
   * Serves `/api/v1/express-metrics` (exact path, any query string, unauthenticated) and records
   * every other request.
   */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const path = pathOf(req.originalUrl);
      if (path === METRICS_PATH || path === `${METRICS_PATH}.json`) {
        void this.serve(path.endsWith('.json'), res).catch(next);
        return;
      }
      const end = this.duration.startTimer();
      res.once('finish', () => {
        // a throw here would be an uncaught exception: the whole process would go down
        try {
          const labels = { method: req.method, route: routeTemplate(req, res), code: res.statusCode };
          end(labels);
          this.requestSize.observe(labels, Number(req.headers['content-length'] ?? 0) || 0);
          this.responseSize.observe(labels, Number(res.getHeader('content-length') ?? 0) || 0);
        } catch (err) {
          (req.log as Request['log'] | undefined)?.error({ err }, 'Could not record the request metrics');
        }
      });
      next();
    };
  }

  private async serve(json: boolean, res: Response): Promise<void> {
    if (json) {
      res.json(await this.registry.getMetricsAsJSON());
      return;
    }
    res.setHeader('Content-Type', this.registry.contentType);
    res.end(await this.registry.metrics());
  }

  private openConnections(): Promise<number> {
    const server = this.server;
    if (!server) return Promise.resolve(0);
    return new Promise((resolve) => server.getConnections((err, count) => resolve(err ? 0 : count)));
  }
}

/** The URL without its query string. */
function pathOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * The `route` label: the matched route template, never the raw URL (bounded cardinality).
 * Routes that cannot be matched by a template set `res.locals.routeTemplate` themselves.
 */
function routeTemplate(req: Request, res: Response): string {
  const explicit = res.locals.routeTemplate as string | undefined;
  if (explicit) return explicit;
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return 'N/A';
}
