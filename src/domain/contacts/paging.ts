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
    const dropped = windowSize - kept.length;
    windowSkip += windowSize;
    windowSize = dropped * 2;
    if (windowSize <= 0) return { data: collected, cursor: String(windowSkip) }; // unreachable: a window that dropped nothing fills the page
  }
}

/** Where a skip offset starts in a one-key view range: at a doc id, or just after one (the end of the range when it was handed out). */
export interface ViewPosition {
  docId: string;
  after: boolean;
}

/**
 * Remembers, for each cursor handed out, the view position it stood for, so the next page starts
 * there (`startkey_docid`) instead of walking `skip` rows. Bounded (oldest first out) and short-lived;
 * a miss (another instance, an old cursor) falls back to `skip`, which is always right.
 */
export class CursorBookmarks {
  private readonly entries = new Map<string, { position: ViewPosition; expires: number }>();

  constructor(
    private readonly options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
  ) {}

  get(scope: string, skip: number): ViewPosition | undefined {
    const key = `${scope}\u0000${skip}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.position;
  }

  set(scope: string, skip: number, position: ViewPosition): void {
    const key = `${scope}\u0000${skip}`;
    this.entries.delete(key);
    this.entries.set(key, { position, expires: this.now() + (this.options.ttlMs ?? 10 * 60_000) });
    const max = this.options.maxEntries ?? 10_000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
