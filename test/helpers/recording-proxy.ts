import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from './test-server.js';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** An HTTP relay in front of CouchDB that remembers every request it forwards. */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  /** Holds a request back until the promise it returns settles (undefined: forward at once). */
  gate: ((req: RecordedRequest) => Promise<void> | undefined) | undefined;
  /** Answers a request in CouchDB's place (`'drop'`: cuts the connection); undefined: forward it. */
  answer: ((req: RecordedRequest) => { status: number; body: string } | 'drop' | undefined) | undefined;
  private server: http.Server | undefined;
  private readonly agent = new http.Agent({ keepAlive: true });
  port = 0;

  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    this.server = http.createServer(async (req, res) => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
      this.requests.push(recorded);
      await this.gate?.(recorded);
      const fake = this.answer?.(recorded);
      if (fake === 'drop') return void req.socket.destroy();
      if (fake) return void res.writeHead(fake.status, { 'content-type': 'application/json' }).end(fake.body);
      const upstream = http.request(
        { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server?.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** An API server whose every CouchDB call goes through a recording proxy to another server's database. */
export interface ProxiedServer {
  /** Owns the database (and answers `couch` calls straight, not through the proxy). */
  backend: TestServer;
  proxy: RecordingProxy;
  /** The server under test, on the backend's database through the proxy. */
  api: TestServer;
  stop(): Promise<void>;
}

export async function startBehindProxy(env: Record<string, string> = {}): Promise<ProxiedServer> {
  const backend = await startTestServer();
  const proxy = new RecordingProxy(new URL(backend.server.couchUrl));
  await proxy.start();
  const { user, password } = backend.admin;
  const url = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}/${backend.dbName}`;
  const api = await startTestServer({ env: { COUCH_URL: url, ...env }, dbName: backend.dbName, keepData: true });
  return {
    backend,
    proxy,
    api,
    stop: async () => {
      await api.stop();
      await proxy.stop();
      await backend.stop();
    },
  };
}
