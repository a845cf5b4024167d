/**
 * A simulated cht-gateway (clients.md §2): the Android app's exact request headers, at most 10
 * incoming messages and 20 status updates per poll, polling again while a list was full, and
 * outgoing messages stored once per id (a repeated id re-sends its current status). It keeps a
 * log of every offer the server made and every status the server accepted, poll by poll.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Credentials } from './http-client.js';

export type GatewayStatus = 'UNSENT' | 'PENDING' | 'SENT' | 'DELIVERED' | 'FAILED';

interface Incoming {
  id: string;
  from: string;
  content: string;
  sms_sent: number;
  sms_received: number;
}

interface Update {
  id: string;
  status: GatewayStatus;
  reason?: string;
}

/** An outgoing message as the phone stores it. */
export interface StoredSms {
  id: string;
  to: string;
  content: string;
  status: GatewayStatus;
  /** How many times the phone handed it to the SMS network. */
  sends: number;
}

/** One event of an outgoing message's wire history: offered by the server, or a status the server accepted. */
export interface WireEvent {
  /** The poll it happened in (1 for the first). */
  poll: number;
  id: string;
  event: 'offered' | GatewayStatus;
}

export interface PollResult {
  status: number;
  /** The parsed body of a 2xx (the gateway treats a non-JSON 2xx as an error). */
  body: { messages?: Array<{ id: string; to: string; content: string }> | null } | undefined;
  text: string;
}

const MAX_MESSAGES = 10;
const MAX_UPDATES = 20;

export class GatewaySimulator {
  /** SMS received by the phone, not yet accepted by the server. */
  readonly inbox: Incoming[] = [];
  /** Status updates not yet accepted by the server. */
  readonly updates: Update[] = [];
  /** Outgoing messages, by id. */
  readonly outbox = new Map<string, StoredSms>();
  /**
   * Every status the server accepted (a 2xx, even when the answer was then lost) and every
   * message it offered (also in a lost answer: the server sent it), in wire order.
   */
  readonly wire: WireEvent[] = [];
  private polls = 0;

  constructor(
    private baseUrl: string,
    private readonly credentials: Credentials,
    private readonly options: { gzip?: boolean } = {},
  ) {}

  /** Points the phone at another server (after a restart the port changes). */
  retarget(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  /** An SMS arrives on the phone; returns the id the gateway gives it. */
  receiveSms(from: string, content: string): string {
    const id = randomUUID();
    const now = Date.now();
    this.inbox.push({ id, from, content, sms_sent: now - 1000, sms_received: now });
    return id;
  }

  /** The phone sends every stored message that is waiting, and the network reports it delivered. */
  sendAndDeliverAll(): void {
    for (const sms of this.outbox.values()) {
      if (sms.status !== 'UNSENT') continue;
      sms.sends += 1;
      this.setStatus(sms, 'SENT');
      this.setStatus(sms, 'DELIVERED');
    }
  }

  /**
   * One poll. On a 2xx the forwarded messages and updates are done and the answer is stored;
   * `loseAnswer` plays a connection lost after the server acted but before the phone heard back.
   */
  async poll(options: { loseAnswer?: boolean } = {}): Promise<PollResult> {
    const messages = this.inbox.slice(0, MAX_MESSAGES);
    const updates = this.updates.slice(0, MAX_UPDATES);
    const res = await this.post({ messages, updates });
    const poll = (this.polls += 1);
    if (res.status < 200 || res.status >= 300) return { ...res, body: undefined };
    const body = JSON.parse(res.text) as PollResult['body'];
    for (const u of updates) this.wire.push({ poll, id: u.id, event: u.status });
    for (const m of body?.messages ?? []) this.wire.push({ poll, id: m.id, event: 'offered' });
    if (options.loseAnswer) return { ...res, body: undefined };
    this.inbox.splice(0, messages.length);
    this.updates.splice(0, updates.length);
    for (const m of body?.messages ?? []) this.store(m);
    return { ...res, body };
  }

  /** Polls while a list was full (the gateway's loop), then once more; returns the number of polls. Fails past `maxPolls`. */
  async pollUntilQuiet(maxPolls = 50): Promise<number> {
    let polls = 0;
    for (;;) {
      if (polls === maxPolls) throw new Error(`still not quiet after ${maxPolls} polls`);
      const full = this.inbox.length >= MAX_MESSAGES || this.updates.length >= MAX_UPDATES;
      const res = await this.poll();
      polls += 1;
      if (res.status !== 200) throw new Error(`poll answered ${res.status}: ${res.text}`);
      if (!full && !this.inbox.length && !this.updates.length) return polls;
    }
  }

  /** The polls whose answers offered this message. */
  offers(id: string): number[] {
    return this.wire.filter((e) => e.id === id && e.event === 'offered').map((e) => e.poll);
  }

  /**
   * Offers made in or after the poll that reported one of these statuses for the message (the
   * server applies a poll's updates before it reads the queue, so the same poll counts too).
   */
  offeredAfter(statuses: readonly GatewayStatus[]): WireEvent[] {
    const reported = new Map<string, number>();
    for (const e of this.wire) {
      if (e.event !== 'offered' && statuses.includes(e.event) && !reported.has(e.id)) reported.set(e.id, e.poll);
    }
    return this.wire.filter((e) => e.event === 'offered' && e.poll >= (reported.get(e.id) ?? Infinity));
  }

  private store(m: { id: string; to: string; content: string }): void {
    const known = this.outbox.get(m.id);
    if (known) {
      // a repeated id only "touches" the stored row, which reports its current status again
      if (!this.updates.some((u) => u.id === m.id)) this.updates.push({ id: m.id, status: known.status });
      return;
    }
    const sms: StoredSms = { id: m.id, to: m.to.replace(/[-\s]/g, ''), content: m.content, status: 'UNSENT', sends: 0 };
    this.outbox.set(m.id, sms);
    this.updates.push({ id: m.id, status: 'UNSENT' });
  }

  private setStatus(sms: StoredSms, status: GatewayStatus): void {
    sms.status = status;
    this.updates.push({ id: sms.id, status });
  }

  /** `POST <url>` exactly as `SimpleJsonClient2` sends it. */
  private post(json: unknown): Promise<{ status: number; text: string }> {
    const url = new URL('/api/sms', this.baseUrl);
    const raw = Buffer.from(JSON.stringify(json));
    const body = this.options.gzip ? gzipSync(raw) : raw;
    const userInfo = Buffer.from(`${this.credentials.user}:${this.credentials.password}`, 'latin1').toString('base64');
    const headers: Record<string, string> = {
      Authorization: `Basic ${userInfo}`,
      Accept: 'application/json',
      'Accept-Charset': 'utf-8',
      'Accept-Encoding': 'gzip',
      'Cache-Control': 'no-cache',
      'Content-Type': 'application/json',
      'User-Agent': 'Dalvik/2.1.0 (Linux; U; Android 9; SM-G960F Build/PPR1) medic.gateway.alert/1.3.0',
      'Content-Length': String(body.length),
      ...(this.options.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    };
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(all) : all).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
