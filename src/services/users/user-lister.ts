import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { relatedIds, userItem, type UserItem } from '../../domain/users/user-list.js';
import { asIdList, USER_ID_PREFIX } from '../../domain/users/user-payload.js';
import { readUserDocs } from './user-docs-read.js';

/** `facility_id` and `contact_id` of the query (§2.11). */
export interface UserFilters {
  facilityId?: unknown;
  contactId?: unknown;
}

/** Users read per page: memory stays flat whatever the number of users. */
export const USER_PAGE = 1000;
/** Facilities and contacts kept between pages of one list (users share them); past this the memo starts over. */
const RELATED_MEMO = 5000;

/**
 * The users lists (contacts-users §2.10–2.12), page by page with key-based paging: each page of
 * `_users` docs costs one more request, a medic `_all_docs` with its user-settings docs, facilities
 * and contacts (the reference reads everything at once and times out on large instances: clients.md §5).
 */
export class UserLister {
  constructor(private readonly deps: { users: CouchDb; medic: CouchDb; pageSize?: number }) {}

  /** Every matching user as a list item, in `_users` id (or view key) order; the next page is read while this one is sent. */
  async *items(filters: UserFilters): AsyncGenerator<UserItem> {
    const related = new Map<string, Doc | null>();
    const pages = this.userPages(filters);
    let next = pages.next();
    try {
      for (;;) {
        const page = await next;
        if (page.done) return;
        const items = this.withRelated(page.value, related);
        next = pages.next();
        next.catch(() => undefined); // awaited on the next turn; a failure must not go unhandled meanwhile
        yield* await items;
      }
    } finally {
      await pages.return(undefined);
    }
  }

  /** `GET /api/v2/users/{username}`: both docs must exist (404 naming the database otherwise). */
  async get(username: string): Promise<UserItem> {
    const { user, settings } = await readUserDocs(this.deps, username);
    const docs = await this.deps.medic.getMany(relatedIds(user));
    return userItem(user, settings, new Map(docs.filter((d): d is Doc => !!d).map((d) => [d._id, d])));
  }

  /**
   * The page's user-settings docs and its facilities and contacts, in two medic `_all_docs` by keys run
   * together (the settings of exactly the page's users: never the inactive ones of deleted users between
   * them); facilities and contacts already read for an earlier page of the same list are not read again.
   */
  private async withRelated(users: Doc[], known: Map<string, Doc | null>): Promise<UserItem[]> {
    if (!users.length) return [];
    const medic = this.deps.medic;
    const wanted = [...new Set(users.flatMap(relatedIds))];
    const missing = wanted.filter((id) => !known.has(id));
    const [settings, docs] = await Promise.all([
      medic.allDocs({ keys: users.map((u) => u._id), include_docs: true }),
      missing.length ? medic.allDocs({ keys: missing, include_docs: true }) : { rows: [] },
    ]);
    if (known.size + missing.length > RELATED_MEMO) {
      const keep = wanted.filter((id) => known.has(id)).map((id) => [id, known.get(id) ?? null] as const);
      known.clear();
      for (const [id, doc] of keep) known.set(id, doc);
    }
    for (const row of docs.rows) known.set(row.key, row.doc ?? null);
    const settingsById = new Map(settings.rows.filter((r) => r.doc).map((r) => [r.key, r.doc as Doc]));
    const relatedById = new Map(wanted.flatMap((id) => (known.get(id) ? [[id, known.get(id) as Doc] as const] : [])));
    return users.map((u) => userItem(u, settingsById.get(u._id), relatedById));
  }

  private userPages(filters: UserFilters): AsyncGenerator<Doc[]> {
    const { facilityId, contactId } = filters;
    if (contactId) {
      const rows = this.deps.users.viewRows<unknown, unknown>('users', 'users_by_field', { key: ['contact_id', contactId], include_docs: true }, this.pageSize);
      return pages(rows, this.pageSize, (doc) => !facilityId || asIdList(doc.facility_id).includes(facilityId as string));
    }
    if (facilityId) {
      const rows = this.deps.users.viewRows<unknown, unknown>('users', 'users_by_field', { key: ['facility_id', facilityId], include_docs: true }, this.pageSize);
      return pages(rows, this.pageSize, () => true);
    }
    return this.allUserPages();
  }

  /** `_users` `_all_docs` over `org.couchdb.user:…`, one page at a time (the next page starts at the extra row). */
  private async *allUserPages(): AsyncGenerator<Doc[]> {
    let startkey = USER_ID_PREFIX;
    for (;;) {
      const { rows } = await this.deps.users.allDocs({ startkey, endkey: `${USER_ID_PREFIX}\ufff0`, include_docs: true, limit: this.pageSize + 1 });
      const page = rows.slice(0, this.pageSize).flatMap((r) => (r.doc ? [r.doc] : []));
      if (page.length) yield page;
      const next = rows[this.pageSize];
      if (!next) return;
      startkey = next.key;
    }
  }

  private get pageSize(): number {
    return this.deps.pageSize ?? USER_PAGE;
  }
}

/** View rows with their docs, grouped into pages. */
async function* pages(rows: AsyncIterable<{ doc?: Doc | null }>, size: number, keep: (doc: Doc) => boolean): AsyncGenerator<Doc[]> {
  let page: Doc[] = [];
  for await (const row of rows) {
    if (row.doc && keep(row.doc)) page.push(row.doc);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}
