import express, { Router } from 'express';
import type { PouchDatabase } from '../pouch/pouch-types.js';
import { isJsonObject, isRevString } from './body-shapes.js';
import { locals } from './context.js';
import { sendError, sendJson } from './send.js';

interface PouchError {
  name?: string;
  message?: string;
  reason?: string;
}
type OpenRev = { ok: unknown } | { missing: string };
type BulkGetEntry = { ok: unknown } | { error: { id: unknown; rev: unknown; error: string; reason: string } };
interface BulkGetResult {
  id: unknown;
  docs: BulkGetEntry[];
}
interface Flags {
  revs?: boolean;
  attachments?: boolean;
  latest?: boolean;
}

const flag = (v: unknown): boolean | undefined => (v === undefined ? undefined : v === 'true' || v === true);

/** How many documents are read at once (PouchDB's own bulkGet reads 6). */
const CONCURRENCY = 8;

function failed(id: unknown, rev: unknown, error: string, reason: string): BulkGetResult {
  return { id, docs: [{ error: { id, rev, error, reason } }] };
}

function pouchFailure(id: string, rev: unknown, err: unknown): BulkGetResult {
  // Local PouchDB rejects with Error objects (with stacks): only their name and reason go out.
  const e = (err ?? {}) as PouchError;
  return failed(id, rev, e.name ?? 'unknown_error', e.reason ?? e.message ?? 'unknown_error');
}

/** couch_db:validate_docid, as chttpd_db's _bulk_get applies it to each entry. */
function idProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'Document id must be a string';
  if (id === '') return 'Document id must not be empty';
  if (id.startsWith('_') && !/^_(design|local)\//.test(id)) return 'Only reserved document ids may start with underscore.';
  return undefined;
}

/** One `docs` entry → one result, as CouchDB answers (PouchDB's bulkGet groups by id). */
async function readOne(db: PouchDatabase, entry: Record<string, unknown>, flags: Flags): Promise<BulkGetResult> {
  const { id } = entry;
  const rev = entry.rev ?? undefined;
  if (id === undefined || id === null) return failed(null, null, 'bad_request', 'document id missed');
  const problem = idProblem(id);
  if (problem !== undefined) return failed(id, null, 'illegal_docid', problem);
  const docId = id as string;
  if (rev === undefined) {
    try {
      return { id, docs: [{ ok: await db.get(docId, { revs: flags.revs, attachments: flags.attachments }) }] };
    } catch (err) {
      return pouchFailure(docId, 'undefined', err);
    }
  }
  if (!isRevString(rev)) return failed(id, rev, 'bad_request', 'Invalid rev format');
  let found: OpenRev[];
  try {
    found = (await db.get(docId, { ...flags, open_revs: [rev] })) as unknown as OpenRev[];
  } catch (err) {
    return pouchFailure(docId, rev, err);
  }
  return {
    id,
    docs: found.map((r) =>
      'ok' in r ? { ok: r.ok } : { error: { id, rev: r.missing, error: 'not_found', reason: 'missing' } },
    ),
  };
}

async function inOrder<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * `POST /{db}/_bulk_get`, one result per requested (id, rev) as CouchDB answers: a revision the
 * database does not have is `{"error": {id, rev, "error": "not_found", "reason": "missing"}}`
 * (also with `latest=true`, which threw inside PouchDB); an entry without an id or with a
 * malformed rev is an error entry of its own; an entry that is not an object is a 400.
 */
export function bulkGetRoute(): Router {
  const router = Router({ caseSensitive: true });
  router.post('/:db/_bulk_get', express.json({ limit: '64mb' }), async (req, res, next) => {
    const { db } = locals(res);
    if (!db) {
      next();
      return;
    }
    const body = req.body as { docs?: unknown } | undefined;
    if (!body || !Array.isArray(body.docs)) {
      sendError(res, 400, 'bad_request', "Missing JSON list of 'docs'.");
      return;
    }
    const docs = body.docs as unknown[];
    if (!docs.every(isJsonObject)) {
      sendError(res, 400, 'bad_request', "Each entry of 'docs' must be a JSON object.");
      return;
    }
    const q = req.query as Record<string, unknown>;
    const flags: Flags = { revs: flag(q.revs), attachments: flag(q.attachments), latest: flag(q.latest) };
    const results = await inOrder(docs as Record<string, unknown>[], CONCURRENCY, (entry) => readOne(db, entry, flags));
    sendJson(res, 200, { results });
  });
  return router;
}
