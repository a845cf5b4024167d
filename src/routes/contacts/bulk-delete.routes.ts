import type { Router, Response } from 'express';
import { apiRouter } from '../router.js';
import { strictJsonBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import { parseDeleteRequest, type BulkDeleteService } from '../../services/contacts/bulk-delete-service.js';

/** `compression` adds `flush()`: without it a batch would wait in the gzip buffer. */
const flush = (res: Response) => (res as Response & { flush?: () => void }).flush?.();

/**
 * `POST /api/v1/bulk-delete` (contacts-users §2.20): a JSON array of per-batch result arrays,
 * each batch written and flushed as soon as it is done. Bad input, no session and no permission
 * get 400/401/403 here (the reference: 500 for all, see docs/compatibility.md).
 */
export function bulkDeleteRoutes(deps: { access: AccessService; bulkDelete: BulkDeleteService }): Router {
  const { access, bulkDelete } = deps;
  const router = apiRouter();
  router.post('/api/v1/bulk-delete', ...strictJsonBody(), async (req, res) => {
    await access.checkOnline(req, 'can_edit');
    const ids = parseDeleteRequest(req.body);
    let started = false;
    for await (const batch of bulkDelete.deleteInBatches(ids)) {
      if (!started) {
        res.status(200).setHeader('Content-Type', 'application/json');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      }
      res.write(`${started ? ',' : '['}${JSON.stringify(batch)}`);
      flush(res);
      started = true; // a client that goes away does not stop the deletion (as in the reference)
    }
    if (!started) res.status(200).setHeader('Content-Type', 'application/json');
    res.end(started ? ']' : '[]');
  });
  return router;
}
