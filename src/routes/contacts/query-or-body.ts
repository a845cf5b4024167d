import type { Router, RequestHandler } from 'express';
import { apiRouter } from '../router.js';
import { onlineOnly } from '../../middleware/online-only.js';
import { jsonBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';

/**
 * `GET` and `POST` of one path for online users (contacts-users §2.8, §2.9): the handler reads its
 * input from the query, else (POST) from the JSON body. A trailing slash is another route (§1.1).
 */
export function queryOrBodyRoutes(path: string, access: AccessService, handler: RequestHandler): Router {
  const router = apiRouter();
  router.get(path, onlineOnly(access), handler);
  router.post(path, onlineOnly(access), jsonBody(), handler);
  return router;
}
