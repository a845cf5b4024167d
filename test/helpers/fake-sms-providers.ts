/**
 * Fake Africa's Talking and RapidPro APIs on loopback, recording what the server sends them
 * (clients.md §3). Each answers like the real service unless a test scripts another answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body?: unknown;
  /** Cut the connection instead of answering: the caller cannot know whether the request was acted on. */
  drop?: boolean;
}

/** One request the fake received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

abstract class FakeProvider {
  readonly received: Received[] = [];
  url = '';
  /** Milliseconds each answer waits (to make concurrent senders overlap). */
  delayMs = 0;
  private server: Server | undefined;
  private gate: Promise<void> | undefined;

  protected abstract answer(req: Received): Answer;

  /** Holds every answer until the returned function is called (a call "in flight" for as long as a test needs). */
  hold(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.received.push(received);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.gate) await this.gate;
    const { status, body, drop } = this.answer(received);
    if (drop) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }
}

/** `POST /version1/messaging` answering with one recipient per message. */
export class FakeAfricasTalking extends FakeProvider {
  /** Recipient status code per message text (default 101, Sent). */
  readonly codes = new Map<string, number[]>();
  /** HTTP status per message text, for the next answers (then 201). */
  readonly httpStatus = new Map<string, number[]>();
  /** Message texts whose sends get the connection cut once the request is read. */
  readonly drops = new Set<string>();
  private next = 0;

  /** The form bodies of the sends, in order. */
  get sends(): URLSearchParams[] {
    return this.received.filter((r) => r.path === '/version1/messaging').map((r) => new URLSearchParams(r.body));
  }

  protected answer(req: Received): Answer {
    const form = new URLSearchParams(req.body);
    const message = form.get('message') ?? '';
    if (this.drops.has(message)) return { status: 0, drop: true };
    const http = this.httpStatus.get(message)?.shift();
    if (http) return { status: http, body: { error: 'scripted' } };
    const statusCode = this.codes.get(message)?.shift() ?? 101;
    this.next += 1;
    const messageId = statusCode < 200 ? `ATXid_${this.next}` : 'None';
    return {
      status: 201,
      body: { SMSMessageData: { Message: 'Sent to 1/1', Recipients: [{ statusCode, number: form.get('to'), status: 'Success', cost: 'KES 0.8000', messageId }] } },
    };
  }
}

/** `POST /api/v2/broadcasts.json` and `GET /api/v2/messages.json?broadcast=`. */
export class FakeRapidPro extends FakeProvider {
  /** Current status of each broadcast id, as polling reports it. */
  readonly statuses = new Map<number, string>();
  /** HTTP status for broadcasts of a text (e.g. 400). */
  readonly refuse = new Map<string, number>();
  /** Answer every poll with 429 while true. */
  rateLimited = false;
  private next = 1000;

  get broadcasts(): Array<{ urns: string[]; text: string }> {
    return this.received.filter((r) => r.path === '/api/v2/broadcasts.json').map((r) => JSON.parse(r.body));
  }

  get polls(): string[] {
    return this.received.filter((r) => r.path.startsWith('/api/v2/messages.json')).map((r) => new URL(r.path, 'http://x').searchParams.get('broadcast') ?? '');
  }

  protected answer(req: Received): Answer {
    if (req.path === '/api/v2/broadcasts.json') {
      const { text } = JSON.parse(req.body) as { text: string };
      const refused = this.refuse.get(text);
      if (refused) return { status: refused, body: { detail: 'refused' } };
      this.next += 1;
      this.statuses.set(this.next, 'queued');
      return { status: 201, body: { id: this.next, status: 'queued', text } };
    }
    if (this.rateLimited) return { status: 429, body: { detail: 'slow down' } };
    const id = Number(new URL(req.path, 'http://x').searchParams.get('broadcast'));
    const status = this.statuses.get(id);
    return { status: 200, body: { results: status ? [{ id: id * 10, broadcast: id, status }] : [] } };
  }
}
