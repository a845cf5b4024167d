import type { Router } from 'express';
import type { AccessService } from '../../services/access-service.js';
import type { LineageService } from '../../services/contacts/lineage-service.js';
import { queryOrBodyRoutes } from './query-or-body.js';

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
  return queryOrBodyRoutes('/api/v1/hydrate', deps.access, async (req, res) => {
    const body = req.body as { doc_ids?: unknown } | undefined;
    const docIds = jsonQueryValue(req.query.doc_ids) || body?.doc_ids; // the query wins
    if (!Array.isArray(docIds)) {
      res.status(400).json({ error: 'bad_request', reason: '`doc_ids` parameter must be a json array.' });
      return;
    }
    res.json(await deps.lineage.hydrateIds(docIds));
  });
}
