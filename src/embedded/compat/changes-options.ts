import type { PouchDatabase } from '../pouch/pouch-types.js';

/** A parsed `_changes` request. https://docs.couchdb.org/en/stable/api/database/changes.html */
export interface ChangesRequest {
  feed: 'normal' | 'longpoll' | 'continuous';
  since: number | string;
  limit?: number;
  /** ms of inactivity before a longpoll/continuous feed ends. */
  timeout: number;
  /** ms between newline heartbeats; undefined when none were asked for. */
  heartbeat?: number;
  /** Options passed to PouchDB's db.changes(). */
  pouch: Record<string, unknown>;
}

export class ChangesOptionError extends Error {
  readonly status = 400;
  override readonly name = 'bad_request';
}

// CouchDB's [chttpd] changes_timeout default.
const DEFAULT_TIMEOUT = 60000;

const bool = (v: unknown): boolean => v === true || v === 'true';

function int(v: unknown, what: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ChangesOptionError(`Invalid value for ${what}: ${String(v)}`);
  return n;
}

function json(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** `since` values: now, an integer, or a CouchDB-style "<n>-<opaque>" seq (its number is used). */
async function resolveSince(db: PouchDatabase, value: unknown): Promise<number | string> {
  if (value === undefined || value === '' || value === 0 || value === '0') return 0;
  if (value === 'now') return (await db.info()).update_seq;
  const text = String(json(value));
  const m = /^(\d+)(?:-.*)?$/.exec(text);
  if (!m) throw new ChangesOptionError("Malformed sequence supplied in 'since' parameter.");
  return Number(m[1]);
}

/** A custom `ddoc/name` filter must exist before a feed starts streaming (CouchDB: 404). */
async function assertFilterExists(db: PouchDatabase, filter: string): Promise<void> {
  const [ddoc, name] = filter.split('/');
  const doc = ddoc && name ? await db.get(`_design/${ddoc}`).catch(() => undefined) : undefined;
  const filters = (doc?.filters ?? {}) as Record<string, unknown>;
  if (!doc || !name || typeof filters[name] !== 'string') {
    throw Object.assign(new Error('missing json key: filters'), { status: 404, name: 'not_found' });
  }
}

/** Parses query + body the way CouchDB reads them. */
export async function parseChangesRequest(
  db: PouchDatabase,
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): Promise<ChangesRequest> {
  const feedParam = String(query.feed ?? 'normal');
  const feed = feedParam === 'continuous' || feedParam === 'eventsource' ? 'continuous' : feedParam === 'longpoll' ? 'longpoll' : 'normal';
  const heartbeatParam = query.heartbeat;
  const heartbeat =
    heartbeatParam === undefined ? undefined : heartbeatParam === 'true' ? DEFAULT_TIMEOUT : int(heartbeatParam, 'heartbeat');
  const pouch: Record<string, unknown> = {
    include_docs: bool(query.include_docs),
    conflicts: bool(query.conflicts),
    attachments: bool(query.attachments),
    descending: bool(query.descending),
    style: query.style === 'all_docs' ? 'all_docs' : 'main_only',
    query_params: { ...query },
  };
  const filter = typeof query.filter === 'string' ? query.filter : undefined;
  if (filter === '_doc_ids') {
    const ids = body.doc_ids ?? json(query.doc_ids);
    if (!Array.isArray(ids)) throw new ChangesOptionError('`doc_ids` filter parameter is not a list of doc ids.');
    Object.assign(pouch, { filter: '_doc_ids', doc_ids: ids });
  } else if (filter === '_selector') {
    if (!body.selector || typeof body.selector !== 'object') throw new ChangesOptionError('Selector must be specified in POST payload');
    Object.assign(pouch, { selector: body.selector });
  } else if (filter === '_design') {
    pouch.filter = (doc: { _id: string }) => doc._id.startsWith('_design/');
  } else if (filter === '_view') {
    Object.assign(pouch, { filter: '_view', view: query.view });
  } else if (filter) {
    await assertFilterExists(db, filter);
    pouch.filter = filter;
  }
  return {
    feed,
    since: await resolveSince(db, query.since),
    limit: int(query.limit, 'limit'),
    timeout: int(query.timeout, 'timeout') ?? DEFAULT_TIMEOUT,
    heartbeat: heartbeat === 0 ? undefined : heartbeat,
    pouch,
  };
}
