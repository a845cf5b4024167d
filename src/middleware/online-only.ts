import type { RequestHandler, Response } from 'express';
import { isOnlineUser } from '../domain/permissions.js';
import type { AccessService } from '../services/access-service.js';

/** The offline-user firewall's body: always JSON, whatever the client accepts (contacts-users §1.3.4). */
export const FIREWALL_BODY = JSON.stringify({
  code: 403,
  error: 'forbidden',
  details: 'Offline users are not allowed access to this endpoint',
});

/** Answers the firewall's 403. */
export function sendFirewall(res: Response): void {
  res.status(403).type('application/json').send(FIREWALL_BODY);
}

/**
 * `handleAuthErrors` then `offlineUserFirewall` (contacts-users §1.2.4, §1.3.4): 401 in its usual
 * shapes, then offline users get the firewall's 403, always JSON.
 */
export function onlineOnly(access: AccessService): RequestHandler {
  return async (req, res, next) => {
    const user = await access.user(req);
    if (!isOnlineUser(user.roles)) {
      sendFirewall(res);
      return;
    }
    next();
  };
}
