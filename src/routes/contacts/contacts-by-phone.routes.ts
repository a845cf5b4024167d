import type { Router } from 'express';
import type { AccessService } from '../../services/access-service.js';
import type { ContactsByPhone } from '../../services/contacts/contacts-by-phone.js';
import { queryOrBodyRoutes } from './query-or-body.js';

/** `GET/POST /api/v1/contacts-by-phone` (contacts-users §2.9): online users; `phone` from the query, else (POST) the body. */
export function contactsByPhoneRoutes(deps: { access: AccessService; byPhone: ContactsByPhone }): Router {
  return queryOrBodyRoutes('/api/v1/contacts-by-phone', deps.access, async (req, res) => {
    const body = req.body as { phone?: unknown } | undefined;
    const found = await deps.byPhone.find(req.query.phone || body?.phone); // the query wins
    if ('invalid' in found) {
      res.status(400).json({ error: 'bad_request', reason: '`phone` parameter is required and must be a valid phone number' });
    } else if ('none' in found) {
      res.status(404).json({ error: 'not_found', reason: 'no matches found' });
    } else {
      res.json({ ok: true, docs: found.docs });
    }
  });
}
