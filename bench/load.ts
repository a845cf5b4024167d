import autocannon from 'autocannon';
import { loop } from './loop.js';
import type { Target } from './scenarios/types.js';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon against one target; each request gets the next index for `path(i)`. */
export async function load(baseUrl: string, auth: string, target: Target, connections: number, seconds: number): Promise<LoadResult> {
  if (target.sequence) return loop(baseUrl, auth, target.sequence, connections, seconds, target.amount);
  let i = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...(target.amount ? { amount: target.amount } : { duration: seconds }),
    headers: { authorization: auth, accept: 'application/json', ...target.headers },
    requests: [
      {
        method: target.method ?? 'GET',
        setupRequest: (req) => {
          const n = i++;
          return {
            ...req,
            path: target.path(n),
            ...(target.body ? { body: target.body(n), headers: { ...req.headers, 'content-type': target.headers?.['content-type'] ?? 'application/json' } } : {}),
          };
        },
      },
    ],
  });
  return {
    // a fixed amount ends inside a one-second sample, which drags the per-second average down
    rps: target.amount ? result.requests.total / result.duration : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
