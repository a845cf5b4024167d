import type { PouchDatabase } from '../pouch/pouch-types.js';

/** Within this many writes of the end of the feed, `pending` is counted exactly. */
export const EXACT_PENDING_WITHIN = 100;

/** Change entries read to count `pending` (tests check that paging a long feed reads none). */
export const pendingStats = { entriesRead: 0 };

/**
 * CouchDB's `pending`: how many changes follow `since`. Every write adds one to `update_seq`, so
 * `update_seq - since` costs nothing and is exact unless a doc was written more than once after
 * `since`. Near the end of the feed (where clients look at it to see they are done) the changes
 * are counted, in one read bounded by that difference; further back the write count is the answer.
 */
export async function pendingAfter(db: PouchDatabase, since: number | string): Promise<number> {
  const writes = Number((await db.info()).update_seq) - Number(since);
  if (!Number.isFinite(writes) || writes <= 0) return 0;
  if (writes > EXACT_PENDING_WITHIN) return writes;
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    db.changes({ since, limit: writes, return_docs: false })
      .on('change', () => {
        count += 1;
      })
      .on('complete', () => resolve())
      .on('error', reject);
  });
  pendingStats.entriesRead += count;
  return count;
}
