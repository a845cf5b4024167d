import express, { Router } from 'express';
import { locals } from './context.js';
import { sendError, sendJson } from './send.js';

interface BulkGetDoc {
  ok?: unknown;
  error?: { name?: string; message?: string; reason?: string };
}
interface BulkGetResult {
  id: string;
  docs: BulkGetDoc[];
}
type BulkGet = (opts: Record<string, unknown>) => Promise<{ results: BulkGetResult[] }>;

const flag = (v: unknown): boolean | undefined => (v === undefined ? undefined : v === 'true' || v === true);

/**
 * `POST /{db}/_bulk_get`: express-pouchdb turns missing revisions into `{}`; CouchDB says
 * `{"error": {id, rev, error, reason}}`.
 */
export function bulkGetRoute(): Router {
  const router = Router();
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
    const q = req.query as Record<string, unknown>;
    const opts = { docs: body.docs, revs: flag(q.revs), attachments: flag(q.attachments), latest: flag(q.latest) };
    const revs = new Map((body.docs as { id?: string; rev?: string }[]).map((d) => [d.id, d.rev]));
    const { results } = await (db as unknown as { bulkGet: BulkGet }).bulkGet(opts);
    sendJson(res, 200, {
      results: results.map(({ id, docs }) => ({
        id,
        // Local PouchDB returns Error objects (with stacks) for missing revisions.
        docs: docs.map((d) =>
          d.error
            ? { error: { id, rev: revs.get(id) ?? 'undefined', error: d.error.name ?? 'not_found', reason: d.error.reason ?? d.error.message ?? 'missing' } }
            : d,
        ),
      })),
    });
  });
  return router;
}
