import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { userNotFoundError } from '../../domain/users/user-errors.js';
import { userDocId } from '../../domain/users/user-payload.js';

/**
 * Both docs of a user, read together: the `_users` doc and the user-settings doc. A missing one is a
 * 404 naming its database, `_users` first (contacts-users §2.12, §2.15).
 */
export async function readUserDocs(dbs: { users: CouchDb; medic: CouchDb }, username: string): Promise<{ user: Doc; settings: Doc }> {
  const id = userDocId(username);
  const [user, settings] = await Promise.all([dbs.users.get(id), dbs.medic.get(id)]);
  if (!user) throw userNotFoundError(username, 'users');
  if (!settings) throw userNotFoundError(username, 'medic');
  return { user, settings };
}
