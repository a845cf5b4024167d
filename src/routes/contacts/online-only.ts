import type { RequestHandler } from 'express';
import { isOnlineUser } from '../../domain/permissions.js';
import type { AccessService } from '../../services/access-service.js';
import { FIREWALL_BODY } from '../couch/couch.routes.js';

/**
 * `handleAuthErrors` then `offlineUserFirewall` (contacts-users §1.2.4, §1.3.4): 401 in its usual
 * shapes, then offline users get the firewall's 403, always JSON.
 */
export function onlineOnly(access: AccessService): RequestHandler {
  return async (req, res, next) => {
    const user = await access.user(req);
    if (!isOnlineUser(user.roles)) {
      res.status(403).type('application/json').send(FIREWALL_BODY);
      return;
    }
    next();
  };
}
