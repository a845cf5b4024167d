import type { Request } from 'express';
import type { Couch } from '../../db/couch.js';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import type { AccessService } from '../../services/access-service.js';
import type { SessionUser } from '../../services/session-service.js';
import { isSelf } from './caller-self.js';

/** Who may update a user, and how (contacts-users §2.15 "Authorization", in its order). */
export async function updateAccess(
  req: Request,
  deps: { access: AccessService; couch: Couch },
  username: string,
  body: Record<string, unknown>,
): Promise<{ caller: SessionUser; fullAccess: boolean }> {
  const header = req.headers.authorization;
  const hasBasic = typeof header === 'string' && /^basic /i.test(header);
  // any Basic header is checked against CouchDB, even when a valid cookie would do (§6.5)
  if (hasBasic && !(await deps.couch.credentialsValid(header))) throw new UnauthorizedError();
  const caller = await deps.access.user(req);
  const fullAccess = await deps.access.has(caller, ['can_edit', 'can_update_users']);
  if (fullAccess) return { caller, fullAccess };
  if (!isSelf(req, caller, username)) throw new ForbiddenError('You do not have permissions to modify this person');
  // a password change must prove the current password, not only a (possibly stolen) cookie
  if ('password' in body && !hasBasic) throw new ForbiddenError('You must authenticate with Basic Auth to modify your password');
  return { caller, fullAccess };
}
