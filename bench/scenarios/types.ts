/** One benchmark: the same answer asked of the API and of the raw CouchDB floor. */
export interface Target {
  method?: 'GET' | 'POST' | 'PUT';
  /** Path for request number `i` (vary ids so caches do not flatter the numbers). */
  path: (i: number) => string;
  body?: (i: number) => string;
  headers?: Record<string, string>;
}

export interface Scenario {
  name: string;
  /** The API request. */
  api: Target;
  /** The least work any server must do for the same answer, sent straight to CouchDB; absent when there is no single-request floor. */
  floor?: Target;
  /** Runs once before measuring (e.g. builds a view index). */
  warm?: (ctx: BenchContext) => Promise<void>;
}

export interface BenchContext {
  apiUrl: string;
  couchUrl: string;
  dbName: string;
  auth: string;
  persons: number;
}
