import express, { Router, type Response } from 'express';
import type { PouchChange, PouchDatabase } from '../pouch/pouch-types.js';
import { parseChangesRequest, type ChangesRequest } from './changes-options.js';
import { pendingAfter } from './changes-pending.js';
import { locals } from './context.js';
import { sendError, sendJson } from './send.js';

let openFeeds = 0;
/** Live feeds currently listening for changes (tests assert it returns to 0 after disconnects). */
export const liveFeedCount = (): number => openFeeds;

function startJson(res: Response): void {
  if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'must-revalidate' });
}

/**
 * Follows live changes until `stop` is called, the client goes away or the server closes.
 * Timers and PouchDB listeners are always released (pouchdb `changes().cancel()`).
 */
function follow(db: PouchDatabase, opts: Record<string, unknown>, res: Response, onChange: (c: PouchChange) => void, onError: (e: unknown) => void): () => void {
  const feed = db.changes({ ...opts, live: true, return_docs: false });
  openFeeds += 1;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    openFeeds -= 1;
    feed.cancel();
    res.off('close', stop);
  };
  feed.on('change', (c) => !stopped && onChange(c)).on('error', (e) => {
    stop();
    onError(e);
  });
  res.on('close', stop);
  return stop;
}

/** Repeats `tick` every `ms` until the returned function is called or the response closes. */
function every(ms: number | undefined, res: Response, tick: () => void): () => void {
  if (!ms) return () => undefined;
  const timer = setInterval(tick, ms);
  const clear = (): void => clearInterval(timer);
  res.once('close', clear);
  return clear;
}

async function longpoll(db: PouchDatabase, r: ChangesRequest, res: Response): Promise<void> {
  const now = await db.changes({ ...r.pouch, since: r.since, limit: r.limit, return_docs: true });
  if (now.results.length > 0) {
    sendJson(res, 200, { results: now.results, last_seq: now.last_seq, pending: 0 });
    return;
  }
  let done = false;
  const finish = (results: PouchChange[], lastSeq: number | string): void => {
    if (done) return;
    done = true;
    stopFeed();
    stopBeat();
    clearTimeout(timer);
    if (res.writableEnded || res.destroyed) return;
    startJson(res);
    res.end(`${JSON.stringify({ results, last_seq: lastSeq, pending: 0 })}\n`);
  };
  const stopFeed = follow(db, { ...r.pouch, since: now.last_seq }, res, (c) => finish([c], c.seq), () => finish([], now.last_seq));
  const stopBeat = every(r.heartbeat, res, () => {
    startJson(res);
    res.write('\n');
  });
  // With a heartbeat CouchDB keeps the feed open; otherwise it answers empty after `timeout`.
  const timer = setTimeout(() => finish([], now.last_seq), r.heartbeat ? 2 ** 31 - 1 : r.timeout);
  res.once('close', () => clearTimeout(timer));
}

function continuous(db: PouchDatabase, r: ChangesRequest, res: Response): void {
  startJson(res);
  let lastSeq = r.since;
  let sent = 0;
  let idle: NodeJS.Timeout | undefined;
  const end = (): void => {
    stopFeed();
    stopBeat();
    clearTimeout(idle);
    if (!res.writableEnded) res.end(`${JSON.stringify({ last_seq: lastSeq, pending: 0 })}\n`);
  };
  const armIdle = (): void => {
    clearTimeout(idle);
    if (!r.heartbeat) idle = setTimeout(end, r.timeout);
  };
  const stopFeed = follow(db, { ...r.pouch, since: r.since }, res, (c) => {
    lastSeq = c.seq;
    res.write(`${JSON.stringify(c)}\n`);
    sent += 1;
    if (r.limit !== undefined && sent >= r.limit) end();
    else armIdle();
  }, end);
  const stopBeat = every(r.heartbeat, res, () => res.write('\n'));
  res.once('close', () => clearTimeout(idle));
  if (r.limit === 0) end();
  else armIdle();
}

async function normal(db: PouchDatabase, r: ChangesRequest, res: Response): Promise<void> {
  if (r.limit === 0) {
    // PouchDB reads limit=0 as 1; CouchDB returns no rows and reports what is pending.
    sendJson(res, 200, { results: [], last_seq: r.since, pending: await pendingAfter(db, r.since) });
    return;
  }
  const result = await db.changes({ ...r.pouch, since: r.since, limit: r.limit, return_docs: true });
  const more = r.limit !== undefined && result.results.length >= r.limit && !r.pouch.descending;
  const pending = more ? await pendingAfter(db, result.last_seq) : 0;
  sendJson(res, 200, { results: result.results, last_seq: result.last_seq, pending });
}

/**
 * `_changes` with CouchDB 3 semantics for every feed type. Stock express-pouchdb ignores
 * `timeout` (a longpoll with no change hangs forever) and leaks listeners on disconnect.
 */
export function changesRoute(): Router {
  const router = Router({ caseSensitive: true });
  router.all('/:db/_changes', express.json({ limit: '64mb' }), async (req, res, next) => {
    const { db } = locals(res);
    if (!db) {
      next();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET,HEAD,POST');
      sendError(res, 405, 'method_not_allowed', 'Only GET,HEAD,POST allowed');
      return;
    }
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const r = await parseChangesRequest(db, req.query as Record<string, unknown>, body);
    if (r.feed === 'continuous') continuous(db, r, res);
    else if (r.feed === 'longpoll') await longpoll(db, r, res);
    else await normal(db, r, res);
  });
  return router;
}
