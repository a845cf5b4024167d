/** One benchmark: the same answer asked of the API and of the raw CouchDB floor. */
export interface Target {
  method?: 'GET' | 'POST' | 'PUT';
  /** Path for request number `i` (vary ids so caches do not flatter the numbers). */
  path: (i: number) => string;
  body?: (i: number) => string;
  headers?: Record<string, string>;
  /** A fixed number of requests instead of a duration (write scenarios: "1,000 records"). */
  amount?: number;
  /** One answer made of several dependent requests (a floor autocannon cannot express): `bench/loop.ts` runs it instead, at the same concurrency. */
  sequence?: (i: number, call: Call) => Promise<unknown>;
}

/** One request of a `sequence`: the parsed JSON answer; throws on a non-2xx status. A string body goes as is, with `contentType`. */
export type Call = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, contentType?: string) => Promise<unknown>;

export interface Scenario {
  name: string;
  /** The API request. */
  api: Target;
  /** The least work any server must do for the same answer, sent straight to CouchDB; absent when there is no single-request floor. */
  floor?: Target;
  /** Runs once before measuring (e.g. builds a view index). */
  warm?: (ctx: BenchContext) => Promise<void>;
  /** Runs once after the scenario, even when it failed (e.g. removes the users it created). */
  cleanup?: (ctx: BenchContext) => Promise<void>;
  /** Connections for this scenario (default: the --connections flag). */
  connections?: number;
  /** What the 2 s warm-up sends (default: `api`); write scenarios warm up with a few requests, not a full run. */
  warmup?: Target;
}

export interface BenchContext {
  apiUrl: string;
  couchUrl: string;
  dbName: string;
  auth: string;
  persons: number;
}
