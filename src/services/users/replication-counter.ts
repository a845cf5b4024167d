import type { Couch } from '../../db/couch.js';
import type { AppSettings } from '../../domain/settings.js';
import type { ReplicationUser } from '../../domain/users/users-info-query.js';
import { userDocId } from '../../domain/users/user-payload.js';
import { isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** users-info's answer (contacts-users §2.17). */
export interface DocCount {
  total_docs: number;
  warn_docs: number;
  warn: boolean;
  limit: number;
}

/** `warn` is set from this many docs on (§2.17). */
export const DOC_LIMIT = 10_000;
/** Keys per view request: large subtrees take a few POSTs, never one request per contact. */
const KEYS_PER_REQUEST = 1000;

/** The deepest `settings.replication_depth` of the user's roles; undefined means the whole subtree. */
export function replicationDepth(settings: AppSettings, roles: readonly string[]): number | undefined {
  const entries = Array.isArray(settings.replication_depth) ? (settings.replication_depth as Array<{ role?: unknown; depth?: unknown }>) : [];
  const depths = entries.filter((e) => typeof e?.role === 'string' && roles.includes(e.role)).map((e) => Number(e.depth));
  const valid = depths.filter((d) => Number.isInteger(d) && d >= 0);
  return valid.length ? Math.max(...valid) : undefined;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * An approximation of CHT's replication authorization, for counting (docs/compatibility.md): the
 * contacts of the user's facility subtrees (`medic/contacts_by_depth`, cut at `replication_depth`),
 * the docs keyed to them in `medic-users-info/docs_by_replication_key` (reports about them or by them, targets),
 * the user's tasks, their user-settings doc and `_design/medic-client`. No purging is applied.
 */
export class ReplicationCounter {
  constructor(private readonly deps: { couch: Couch; logger: Logger; now?: () => number }) {}

  async count(settings: AppSettings, user: ReplicationUser): Promise<DocCount> {
    const contacts = await this.subtree(settings, user);
    const keys = [...contacts.ids, ...contacts.shortcodes, ...(user.name ? [userDocId(user.name)] : [])];
    const docs = new Set<string>(contacts.ids);
    const tasks = new Set<string>();
    for (const batch of chunks([...new Set(keys)], KEYS_PER_REQUEST)) {
      const { rows } = await this.deps.couch.medic.view<string, string | null>('medic-users-info', 'docs_by_replication_key', { keys: batch });
      for (const row of rows) {
        // tasks belong to a named user only: an online caller's synthetic user never counts them (§2.17)
        if (row.value === 'task') {
          if (user.name) tasks.add(row.id);
        } else {
          docs.add(row.id);
        }
      }
    }
    const fixed = 1 + (user.name ? 1 : 0); // _design/medic-client and the user's settings doc
    const total = docs.size + tasks.size + fixed;
    const warnDocs = total - tasks.size;
    if (user.name) await this.logCount(user.name, total);
    return { total_docs: total, warn_docs: warnDocs, warn: warnDocs >= DOC_LIMIT, limit: DOC_LIMIT };
  }

  /** The contacts under the user's facilities, and their shortcodes, from one `contacts_by_depth` query per key batch. */
  private async subtree(settings: AppSettings, user: ReplicationUser): Promise<{ ids: Set<string>; shortcodes: Set<string> }> {
    const depth = replicationDepth(settings, user.roles);
    const viewKeys = user.facilityIds.flatMap((id) => (depth === undefined ? [[id]] : Array.from({ length: depth + 1 }, (_, d) => [id, d])));
    const ids = new Set<string>();
    const shortcodes = new Set<string>();
    for (const batch of chunks(viewKeys, KEYS_PER_REQUEST)) {
      const { rows } = await this.deps.couch.medic.view<unknown, { shortcode?: string } | null>('medic', 'contacts_by_depth', { keys: batch });
      for (const row of rows) {
        ids.add(row.id);
        if (row.value?.shortcode) shortcodes.add(row.value.shortcode);
      }
    }
    return { ids, shortcodes };
  }

  /** Upserts `replication-count-<name>` in the logs db (§2.19); a failure only costs the log. */
  private async logCount(name: string, count: number): Promise<void> {
    const logs = this.deps.couch.logs;
    const id = `replication-count-${name}`;
    try {
      const existing = await logs.get(id);
      await logs.put({ ...(existing ?? {}), _id: id, user: name, date: this.deps.now?.() ?? Date.now(), count, all_docs_count: count });
    } catch (err) {
      if (!(isAppError(err) && err.status === 409)) this.deps.logger.warn({ err, user: name }, 'Could not log the replication count');
    }
  }
}
