import type { Router, Request, Response } from 'express';
import { apiRouter } from '../router.js';
import { BadRequestError } from '../../errors.js';
import { formBody, jsonBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import type { RecordsService } from '../../services/records/records-service.js';

/** `POST /api/v1/records` and `/api/v2/records` (settings spec §5.1): JSON or form-encoded SMS. */
export function recordsRoutes(deps: { records: RecordsService; access: AccessService }): Router {
  const { records, access } = deps;
  const router = apiRouter();

  const create = (version: 1 | 2) => async (req: Request, res: Response) => {
    await access.check(req, 'can_create_records');
    let id: string;
    if (req.is('application/x-www-form-urlencoded')) {
      // only v1 falls back to the `locale` query parameter
      const locale = version === 1 && typeof req.query.locale === 'string' ? req.query.locale : undefined;
      id = await records.createFromForm(req.body, locale);
    } else if (req.is('application/json')) {
      id = await records.createFromJson(req.body);
    } else {
      throw new BadRequestError('Content type not supported.'); // the reference: 500
    }
    res.json({ success: true, id });
  };

  router.post('/api/v1/records', jsonBody(), formBody(), create(1));
  router.post('/api/v2/records', jsonBody(), formBody(), create(2));
  return router;
}
