import type { CouchDb } from '../../db/couch-db.js';
import type { Doc, ViewParams, ViewRow } from '../../db/types.js';
import { personTypeIds, placeTypeIds } from '../../domain/contacts/contact-types.js';
import { parseListQuery } from '../../domain/contacts/list-query.js';
import { CursorBookmarks, fetchAndFilter, type Page, type ViewPosition } from '../../domain/contacts/paging.js';
import type { SettingsService } from '../settings-service.js';
import { isDoc, isKind, type ContactKind } from './contact-reader.js';

type Row = ViewRow<unknown, unknown, Doc>;

/**
 * Pages of persons or places by type over `medic-client/contacts_by_type` (contacts-users §2.2, §2.4).
 * Cursors keep the reference's wire format (a decimal skip offset), but each cursor handed out is
 * remembered, per user and type, as a view position, so following it costs a `startkey_docid`
 * seek, not a `skip` walk, and docs added or removed before it do not shift the next page.
 */
export class ContactPager {
  private readonly bookmarks: CursorBookmarks;

  constructor(private readonly deps: { medic: CouchDb; settings: SettingsService; bookmarks?: CursorBookmarks }) {
    this.bookmarks = deps.bookmarks ?? new CursorBookmarks();
  }

  /** One page for `user`: validates the query (400s of §2.2), then reads and filters the view. */
  async page(kind: ContactKind, query: Record<string, unknown>, user = ''): Promise<Page<Doc>> {
    const settings = await this.deps.settings.current();
    const { type, skip, limit } = parseListQuery(query, kind === 'person' ? personTypeIds(settings) : placeTypeIds(settings));
    const scope = `${user}\u0000${type}`;
    const seen = new Map<number, string>(); // view offset → doc id, for rows read by this request
    const fetch = async (count: number, at: number): Promise<Array<Doc | null>> => {
      const known = seen.get(at);
      const position = known ? { docId: known, after: false } : this.bookmarks.get(scope, at);
      const rows = await this.rows(type, count + 1, at, position); // one extra row: where the next page starts
      rows.forEach((row, i) => seen.set(at + i, row.id));
      return rows.slice(0, count).map((row) => row.doc ?? null);
    };
    const keep = (doc: Doc | null) => isDoc(doc) && isKind(settings, kind, doc);
    const page = await fetchAndFilter(fetch, keep, limit, skip);
    if (page.cursor !== null) this.remember(scope, Number(page.cursor), seen);
    return { data: page.data as Doc[], cursor: page.cursor };
  }

  private remember(scope: string, cursor: number, seen: Map<number, string>): void {
    const at = seen.get(cursor);
    const before = seen.get(cursor - 1);
    if (at) this.bookmarks.set(scope, cursor, { docId: at, after: false });
    else if (before) this.bookmarks.set(scope, cursor, { docId: before, after: true });
  }

  /**
   * `limit` rows from the position, else from the offset. Just after a doc means from that doc,
   * dropping it when it is still there: had it been deleted, `skip: 1` would lose the next row.
   */
  private async rows(type: string, limit: number, skip: number, position: ViewPosition | undefined): Promise<Row[]> {
    const base: ViewParams = { include_docs: true, reduce: false, limit };
    if (!position) return this.view({ ...base, key: [type], ...(skip ? { skip } : {}) });
    const seek = { ...base, startkey: [type], endkey: [type], startkey_docid: position.docId };
    if (!position.after) return this.view(seek);
    const rows = await this.view({ ...seek, limit: limit + 1 });
    return (rows[0]?.id === position.docId ? rows.slice(1) : rows).slice(0, limit);
  }

  private async view(params: ViewParams): Promise<Row[]> {
    return (await this.deps.medic.view('medic-client', 'contacts_by_type', params)).rows;
  }
}
