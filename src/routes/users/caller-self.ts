import type { Request } from 'express';
import { parseBasicAuth } from '../../http/basic-auth.js';
import type { SessionUser } from '../../services/session-service.js';

/**
 * The caller acts on their own user: the session is `username`'s, and Basic credentials, when sent,
 * name the same user (contacts-users §2.12, §2.15).
 */
export function isSelf(req: Request, caller: SessionUser, username: string): boolean {
  const basic = parseBasicAuth(req.headers.authorization);
  return caller.name === username && (!basic || basic.username === username);
}
