/**
 * A load loop for answers that take several dependent requests (autocannon sends independent
 * ones): `connections` workers, each running the sequence again and again for `seconds`.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { LoadResult } from './load.js';
import type { Call, Target } from './scenarios/types.js';

const percentile = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number) : 0);

export async function loop(
  baseUrl: string,
  auth: string,
  sequence: NonNullable<Target['sequence']>,
  connections: number,
  seconds: number,
  amount?: number,
): Promise<LoadResult> {
  const agent = new Agent({ connections, keepAliveTimeout: 30_000 });
  let non2xx = 0;
  const call: Call = async (method, path, body, contentType) => {
    const raw = typeof body === 'string' && contentType;
    const res = await request(`${baseUrl}${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: auth, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': raw ? contentType : 'application/json' }) },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) {
      non2xx++;
      throw new Error(`${method} ${path}: ${res.statusCode}`);
    }
    return JSON.parse(text) as unknown;
  };
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      // a fixed amount of sequences (write scenarios), else as many as fit in `seconds`
      while (amount !== undefined ? next < amount : performance.now() < until) {
        const t0 = performance.now();
        try {
          await sequence(next++, call);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await agent.close();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors, non2xx };
}
