import express, { Router } from 'express';
import { locals, type CompatContext } from './context.js';
import { couchDbInfo } from './db-info.js';
import { designDocInfo } from './ddoc-info.js';
import { sendError, sendJson } from './send.js';

/** Database, design-document and multi-database info in CouchDB 3's shapes. */
export function infoRoutes(ctx: CompatContext): Router {
  const router = Router({ caseSensitive: true });

  router.get('/:db', async (_req, res, next) => {
    const { db, dbName } = locals(res);
    if (!db || dbName === undefined) {
      next(); // not a database (e.g. /_all_dbs): express-pouchdb answers
      return;
    }
    sendJson(res, 200, await couchDbInfo(db, dbName));
  });

  router.get('/:db/_design/:ddoc/_info', async (req, res, next) => {
    const { db } = locals(res);
    if (!db) {
      next();
      return;
    }
    const ddoc = await db.get(`_design/${req.params.ddoc}`).catch(() => undefined);
    if (!ddoc) {
      sendError(res, 404, 'not_found', 'missing');
      return;
    }
    sendJson(res, 200, await designDocInfo(await ctx.sharedDb(locals(res).dbName ?? ''), ddoc));
  });

  // https://docs.couchdb.org/en/stable/api/server/common.html#dbs-info
  const dbsInfo = async (keys: unknown[]): Promise<unknown[]> =>
    Promise.all(
      keys.map(async (key) => {
        const db = typeof key === 'string' ? await ctx.openDb(key) : undefined;
        return db ? { key, info: await couchDbInfo(db, key as string) } : { key, error: 'not_found' };
      }),
    );

  router.post('/_dbs_info', express.json({ limit: '1mb' }), async (req, res) => {
    const keys = (req.body as { keys?: unknown } | undefined)?.keys;
    if (!Array.isArray(keys)) {
      sendError(res, 400, 'bad_request', '`keys` member must exist.');
      return;
    }
    sendJson(res, 200, await dbsInfo(keys));
  });

  router.get('/_dbs_info', async (_req, res) => {
    const names = (await ctx.PouchDB.allDbs()).filter((n) => n !== 'pouch__auth_sessions__').sort();
    sendJson(res, 200, await dbsInfo(names));
  });
  return router;
}
