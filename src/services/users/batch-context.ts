import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { isRecord } from '../../domain/objects.js';
import { userDocId } from '../../domain/users/user-payload.js';
import { ContactReader } from '../contacts/contact-reader.js';

/** What one array or CSV request shares between its users, to read less. */
export interface BatchContext {
  /** Reads places once per request (users of one CSV usually share a parent). */
  reader: ContactReader;
  /** Names known free when the request started and given once in it: their availability check is skipped (the writes still refuse a taken name). */
  freeNames: ReadonlySet<string>;
}

/**
 * A reader that keeps the places it found for the rest of one request. Failures are not kept (an
 * earlier user of the batch may create the place), and persons are always read again (a contact's
 * flags can change within the batch).
 */
export class BatchPlaceReader extends ContactReader {
  private readonly places = new Map<string, Promise<Doc>>();

  override getPlace(id: string): Promise<Doc> {
    const known = this.places.get(id);
    if (known) return known;
    const read = super.getPlace(id);
    this.places.set(id, read);
    read.catch(() => this.places.delete(id));
    return read;
  }
}

/** The names of a batch given exactly once and free in both `_users` and the main database, from one `_all_docs` each. */
export async function freeNamesOf(users: readonly unknown[], dbs: { users: CouchDb; medic: CouchDb }): Promise<Set<string>> {
  const counts = new Map<string, number>();
  for (const u of users) {
    const name = isRecord(u) ? u.username : undefined;
    if (typeof name === 'string' && name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const once = [...counts].filter(([, n]) => n === 1).map(([name]) => name);
  if (!once.length) return new Set();
  const keys = once.map(userDocId);
  const [inUsers, inMedic] = await Promise.all([dbs.users.allDocs({ keys }), dbs.medic.allDocs({ keys })]);
  const exists = (row: { value?: { deleted?: boolean } } | undefined) => !!row?.value && !row.value.deleted;
  return new Set(once.filter((_, i) => !exists(inUsers.rows[i]) && !exists(inMedic.rows[i])));
}
