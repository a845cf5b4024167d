import type { Couch } from '../../db/couch.js';
import { asIdList, userDocId } from '../../domain/users/user-payload.js';
import { NotFoundError } from '../../errors.js';
import { queriedUser, type ReplicationUser } from '../../domain/users/users-info-query.js';
import type { SessionUser } from '../session-service.js';
import type { SettingsService } from '../settings-service.js';
import { DOC_LIMIT, type DocCount, type ReplicationCounter } from './replication-counter.js';

/** `GET /api/v1/users-info` (contacts-users §2.17) and `GET /api/v1/users-doc-count` (§2.19). */
export class UsersInfo {
  constructor(private readonly deps: { couch: Couch; settings: SettingsService; counter: ReplicationCounter }) {}

  /** An offline caller: their own count, from their user-settings doc (facilities) and `_users` doc (contact). */
  async forCaller(caller: SessionUser): Promise<DocCount> {
    const id = userDocId(caller.name);
    // the reference swallows errors while reading these (§2.17): a missing doc counts as an empty one
    const [user, settingsDoc] = await Promise.all([this.deps.couch.users.get(id), this.deps.couch.medic.get(id)]);
    const contactId = user?.contact_id ?? settingsDoc?.contact_id;
    const replicating: ReplicationUser = {
      name: caller.name,
      roles: caller.roles,
      facilityIds: asIdList(settingsDoc?.facility_id),
      contactId: typeof contactId === 'string' ? contactId : undefined,
    };
    return this.deps.counter.count(await this.deps.settings.current(), replicating);
  }

  /** An online caller asking about a role and facility: 400s for a bad query; tasks are never counted. */
  async forQuery(query: Record<string, unknown>): Promise<DocCount> {
    const user = queriedUser(query);
    return this.deps.counter.count(await this.deps.settings.current(), user);
  }

  /** Every `replication-count-*` log doc, or one user's (`users` is then the single doc; 404 `missing`). */
  async docCounts(user: unknown): Promise<{ limit: number; users: unknown }> {
    const logs = this.deps.couch.logs;
    if (typeof user === 'string' && user) {
      const doc = await logs.get(`replication-count-${user}`);
      if (!doc) throw new NotFoundError('missing');
      return { limit: DOC_LIMIT, users: doc };
    }
    const { rows } = await logs.allDocs({ startkey: 'replication-count-', endkey: 'replication-count-\ufff0', include_docs: true });
    return { limit: DOC_LIMIT, users: rows.flatMap((r) => (r.doc ? [r.doc] : [])) };
  }
}
