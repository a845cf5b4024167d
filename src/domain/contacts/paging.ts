/** The page-and-filter algorithm of the datasource list endpoints (contacts-users §2.2), and where cursors point. Pure. */

export interface Page<T> {
  data: T[];
  /** The next page's skip offset as a string; null when the view ran out. */
  cursor: string | null;
}

/** Fetches up to `limit` rows' docs starting `skip` rows into the view range. */
export type FetchWindow<T> = (limit: number, skip: number) => Promise<T[]>;

/**
 * One page of `limit` docs that pass `keep`, starting at `skip`. When docs are dropped, asks for twice
 * as many as were dropped, after the previous window, until the page is full or the view runs out.
 * The cursor is `skip + window - overFetched` of the last window (so a full last page still gets one).
 *
 * The loop ends: what the page still misses never exceeds the dropped count of the last window
 * (the first window is `limit` wide; each next window, twice the drops, keeps all but its own
 * drops), so the next window is at least twice as wide, and one that drops nothing fills the page.
 */
export async function fetchAndFilter<T>(fetch: FetchWindow<T>, keep: (doc: T) => boolean, limit: number, skip: number): Promise<Page<T>> {
  let windowSize = limit;
  let windowSkip = skip;
  let collected: T[] = [];
  for (;;) {
    const docs = await fetch(windowSize, windowSkip);
    const kept = docs.filter(keep);
    const overFetched = collected.length + kept.length - limit;
    collected = [...collected, ...kept].slice(0, limit);
    if (docs.length < windowSize) return { data: collected, cursor: null };
    if (collected.length === limit) return { data: collected, cursor: String(windowSkip + windowSize - overFetched) };
    windowSkip += windowSize;
    windowSize = (windowSize - kept.length) * 2;
  }
}

/**
 * Where a skip offset starts in a one-key view range: at a doc id (or the first row after it, when
 * that doc has gone), or just after one (the end of the range when it was handed out).
 */
export interface ViewPosition {
  docId: string;
  after: boolean;
}

const samePosition = (a: ViewPosition, b: ViewPosition) => a.docId === b.docId && a.after === b.after;

interface Bookmark {
  position: ViewPosition;
  expires: number;
  /** Until then another position handed out for the same cursor may still be followed: use neither. */
  contestedUntil: number;
}

/**
 * Remembers, for each cursor handed out in a scope (a user and a contact type), the view position
 * it stood for, so the next page starts there (`startkey_docid`) instead of walking `skip` rows.
 * The wire cursor is only the offset, so when one scope was handed the same offset at two
 * different positions within the lifetime of a bookmark, nobody can tell which one a caller
 * holds: the cursor is contested and read as a plain offset until the older one expires.
 * Bounded (oldest first out) and short-lived; a miss falls back to the offset, as in the reference.
 */
export class CursorBookmarks {
  private readonly entries = new Map<string, Bookmark>();

  constructor(
    private readonly options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
  ) {}

  /** The position of an uncontested, unexpired cursor of this scope. */
  get(scope: string, skip: number): ViewPosition | undefined {
    const entry = this.live(`${scope}\u0000${skip}`);
    return entry && entry.contestedUntil <= this.now() ? entry.position : undefined;
  }

  set(scope: string, skip: number, position: ViewPosition): void {
    const key = `${scope}\u0000${skip}`;
    const old = this.live(key);
    const contestedUntil = !old ? 0 : samePosition(old.position, position) ? old.contestedUntil : Math.max(old.contestedUntil, old.expires);
    this.entries.delete(key);
    this.entries.set(key, { position, expires: this.now() + (this.options.ttlMs ?? 10 * 60_000), contestedUntil });
    const max = this.options.maxEntries ?? 10_000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The unexpired bookmark under this key (an expired one is dropped). */
  private live(key: string): Bookmark | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires > this.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
