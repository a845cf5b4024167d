import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { strictJsonBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import type { GatewayService } from '../../services/messaging/gateway-service.js';

const PATHS = ['/api/sms', '/api/sms/'];

/** cht-gateway's `/api/sms` (settings spec §6.1, §6.2; clients.md §2). */
export function gatewayRoutes(deps: { gateway: GatewayService; access: AccessService }): Router {
  const { gateway, access } = deps;
  const router = apiRouter();
  router.get(PATHS, async (req, res) => {
    await access.check(req, 'can_access_gateway_api');
    res.json({ 'medic-gateway': true });
  });
  // exact `Content-Type: application/json` (checked before auth); gzip bodies are inflated by the parser
  router.post(PATHS, ...strictJsonBody(), async (req, res) => {
    await access.check(req, 'can_access_gateway_api');
    res.json(await gateway.exchange(req.body));
  });
  return router;
}
