import { Router, type RequestHandler } from 'express';
import { jsonBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import type { LineageService } from '../../services/contacts/lineage-service.js';
import { onlineOnly } from './online-only.js';

/** The reference's JSON query parser (contacts-users §1.1 step 6): a value that parses as JSON is used parsed. */
export function jsonQueryValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** `GET/POST /api/v1/hydrate` (contacts-users §2.8): online users; `doc_ids` from the query, else (POST) from the body. */
export function hydrateRoutes(deps: { access: AccessService; lineage: LineageService }): Router {
  const { access, lineage } = deps;
  const router = Router({ strict: true }); // a trailing slash is another route (contacts-users §1.1)
  const handler: RequestHandler = async (req, res) => {
    const body = req.body as { doc_ids?: unknown } | undefined;
    const docIds = jsonQueryValue(req.query.doc_ids) || body?.doc_ids; // the query wins
    if (!Array.isArray(docIds)) {
      res.status(400).json({ error: 'bad_request', reason: '`doc_ids` parameter must be a json array.' });
      return;
    }
    res.json(await lineage.hydrateIds(docIds));
  };
  router.get('/api/v1/hydrate', onlineOnly(access), handler);
  router.post('/api/v1/hydrate', onlineOnly(access), jsonBody(), handler);
  return router;
}
