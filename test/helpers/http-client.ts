import { randomInt } from 'node:crypto';
import { request as httpRequest } from 'node:http';

export interface Credentials {
  user: string;
  password: string;
}

export interface RequestOptions {
  /** Basic credentials; `false` sends none. */
  auth?: Credentials | false;
  headers?: Record<string, string>;
  /** Serialised as JSON with `Content-Type: application/json` unless a content type is given. */
  json?: unknown;
  /** Raw body. */
  body?: string | Buffer;
  /** Keep the client IP fixed (rate-limit tests); by default each request looks like a new client. */
  ip?: string;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function basicAuth(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}

/** A random client address, so the failed-login limiter does not see the whole suite as one client. */
function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** Plain HTTP calls to a running server, the way a client makes them. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly defaultAuth?: Credentials,
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? randomIp(), ...options.headers };
    const auth = options.auth === undefined ? this.defaultAuth : options.auth;
    if (auth && !hasHeader(headers, 'authorization')) headers.authorization = basicAuth(auth);
    let body: string | Buffer | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: () => JSON.parse(text),
    };
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, options);
  }

  post(path: string, options?: RequestOptions) {
    return this.request('POST', path, options);
  }

  put(path: string, options?: RequestOptions) {
    return this.request('PUT', path, options);
  }

  delete(path: string, options?: RequestOptions) {
    return this.request('DELETE', path, options);
  }

  /** The same client acting as someone else. */
  as(credentials: Credentials | undefined): HttpClient {
    return new HttpClient(this.baseUrl, credentials);
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}

/** A request with exactly the given headers (fetch always adds a User-Agent and Accept). */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { 'x-forwarded-for': randomIp(), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
