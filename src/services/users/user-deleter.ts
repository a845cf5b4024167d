import type { CouchDb } from '../../db/couch-db.js';
import type { Doc, WriteResult } from '../../db/types.js';
import { userDocId } from '../../domain/users/user-payload.js';
import { NotFoundError } from '../../errors.js';
import type { SessionService } from '../session-service.js';

/** A doc by id through `_all_docs`, which says whether a missing doc is `missing` or `deleted` (CouchDB's reasons). */
async function readForDelete(db: CouchDb, id: string): Promise<Doc> {
  const { rows } = await db.allDocs({ keys: [id], include_docs: true });
  const row = rows[0];
  if (row?.doc) return row.doc;
  throw new NotFoundError(row?.value?.deleted ? 'deleted' : 'missing');
}

/**
 * `DELETE /api/v1/users/{username}` (contacts-users §2.16): the `_users` doc becomes a tombstone
 * carrying its body, the user-settings doc is marked `inactive` with a `deletion_date`. Both are
 * read first, so a missing one (404) leaves the other untouched; the reference may write one first.
 */
export class UserDeleter {
  constructor(private readonly deps: { users: CouchDb; medic: CouchDb; sessions: SessionService; now?: () => number }) {}

  async delete(username: string): Promise<WriteResult[]> {
    const id = userDocId(username);
    const [userRead, settingsRead] = await Promise.allSettled([readForDelete(this.deps.users, id), readForDelete(this.deps.medic, id)]);
    if (userRead.status === 'rejected') throw userRead.reason;
    if (settingsRead.status === 'rejected') throw settingsRead.reason;
    const [user, settings] = [userRead.value, settingsRead.value];
    const results = await Promise.all([
      this.deps.users.put({ ...user, _deleted: true }),
      this.deps.medic.put({ ...settings, inactive: true, deletion_date: this.deps.now?.() ?? Date.now() }),
    ]);
    this.deps.sessions.forgetUser(username);
    return results;
  }
}
