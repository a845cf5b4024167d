import type { CouchDb } from '../../db/couch-db.js';
import type { BulkResult, Doc, WriteResult } from '../../db/types.js';
import { loggableDocId } from '../../domain/users/token-login.js';
import { AppError, ConflictError, ForbiddenError, isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** What a write of a user's docs produced: the `_users` result and the rev of every main-database doc. */
export interface UserWrite {
  user: WriteResult;
  revs: Map<string, string>;
}

/** The docs of one user write, and what to restore if it fails half-way. */
export interface UserWriteInput {
  userDoc: Doc;
  /** The main-database docs: places, contact, user-settings, token docs; each id once, in its final state. */
  medicDocs: Doc[];
  /** The stored `_users` doc an update replaces, restored if the main-database write fails; absent for a create. */
  userOriginal?: Doc;
  /** The stored versions of updated main-database docs, restored if the write fails half-way. */
  originals?: ReadonlyMap<string, Doc>;
  /** The error for a 409 on the `_users` doc or on the doc with this id (a create: the name was just taken). */
  conflict?: { ids: readonly string[]; error: () => Error };
}

function rowError(row: BulkResult): AppError {
  if (row.error === 'conflict') return new ConflictError();
  if (row.error === 'forbidden') return new ForbiddenError(row.reason ?? 'forbidden');
  return new AppError(500, 'Server error', { cause: new Error(`${loggableDocId(row.id)}: ${row.error} ${row.reason ?? ''}`) });
}

const revOf = (rev: string | undefined) => (rev ? Number(rev.split('-')[0]) : 0);

/**
 * Writes a user once every check passed, in two requests sent together: the `_users` doc (CouchDB
 * hashes the password here, the slow part) and all main-database docs in one `_bulk_docs`. When
 * either fails (a 409 means the name was taken meanwhile), what the other wrote is undone (new docs
 * deleted, updated docs restored), so a failed user leaves nothing behind but tombstones.
 */
export class UserWriter {
  constructor(private readonly deps: { users: CouchDb; medic: CouchDb; logger: Logger }) {}

  async write(input: UserWriteInput): Promise<UserWrite> {
    const { userDoc, medicDocs, conflict } = input;
    const [userOutcome, medicOutcome] = await Promise.allSettled([this.deps.users.put(userDoc), this.deps.medic.bulk(medicDocs)]);
    const user = userOutcome.status === 'fulfilled' ? userOutcome.value : undefined;
    // a failed request may still have written: look before undoing
    const rows = medicOutcome.status === 'fulfilled' ? medicOutcome.value : await this.writtenRows(medicDocs);
    const revs = new Map(rows.filter((r) => r.ok && r.rev).map((r) => [r.id, r.rev as string]));
    const failedRow = rows.find((r) => !r.ok);
    if (user && medicOutcome.status === 'fulfilled' && !failedRow) return { user, revs };

    await this.undo(input, user, revs);
    const isConflict = (err: unknown) => isAppError(err) && err.status === 409;
    if (userOutcome.status === 'rejected') {
      throw conflict && isConflict(userOutcome.reason) ? conflict.error() : userOutcome.reason;
    }
    if (medicOutcome.status === 'rejected') throw medicOutcome.reason;
    const row = failedRow as BulkResult;
    throw row.error === 'conflict' && conflict?.ids.includes(row.id) ? conflict.error() : rowError(row);
  }

  /** After a `_bulk_docs` with an unknown outcome: the docs that now carry the rev this write would have given them. */
  private async writtenRows(docs: Doc[]): Promise<BulkResult[]> {
    try {
      const stored = await this.deps.medic.getMany(docs.map((d) => d._id));
      return docs.flatMap((doc, i) => {
        const rev = stored[i]?._rev;
        return rev && revOf(rev) === revOf(doc._rev) + 1 ? [{ id: doc._id, ok: true, rev }] : [];
      });
    } catch {
      return [];
    }
  }

  /** Best effort: deletes created docs, restores updated ones; a failure here is logged, never thrown. */
  private async undo(input: UserWriteInput, user: WriteResult | undefined, medicRevs: Map<string, string>): Promise<void> {
    const restore = (id: string, rev: string, original: Doc | undefined): Doc =>
      original ? { ...original, _rev: rev } : { _id: id, _rev: rev, _deleted: true };
    const medic = [...medicRevs].map(([id, rev]) => restore(id, rev, input.originals?.get(id)));
    try {
      await Promise.all([
        user ? this.deps.users.put(restore(input.userDoc._id, user.rev, input.userOriginal)) : undefined,
        medic.length ? this.deps.medic.bulk(medic) : undefined,
      ]);
    } catch (err) {
      this.deps.logger.error({ err, user: input.userDoc.name, docs: [...medicRevs.keys()].map(loggableDocId) }, 'Could not undo a failed user write');
    }
  }
}
