import type { CouchDb } from '../../db/couch-db.js';
import type { BulkResult, Doc, WriteResult } from '../../db/types.js';
import { isOwnWrite, mayHaveWritten, USERS_DB_UNCOMPARED } from '../../domain/own-write.js';
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

/** The database calls a user write makes. */
export type UserStore = Pick<CouchDb, 'getMany' | 'put' | 'bulk'>;

/** What a write left: the docs provably its own (id → rev), and those changed since that may not be. */
interface Written {
  ours: Map<string, string>;
  unsure: string[];
}

const isConflict = (err: unknown) => isAppError(err) && err.status === 409;
const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const known = (rows: ReadonlyArray<{ id: string; rev?: string; ok?: boolean }>): Written => ({
  ours: new Map(rows.filter((r) => r.ok && r.rev).map((r) => [r.id, r.rev as string])),
  unsure: [],
});

/**
 * Writes a user once every check passed, in two requests sent together: the `_users` doc (CouchDB
 * hashes the password here, the slow part) and all main-database docs in one `_bulk_docs`. When
 * either fails (a 409 means the name was taken meanwhile), what the other wrote is undone (new docs
 * deleted, updated docs restored), so a failed user leaves nothing behind but tombstones. A request
 * that failed without an answer (a reset, a 503) may still have written: the docs are read back and
 * only those holding exactly what this write sent are undone; anything else is logged and left.
 */
export class UserWriter {
  constructor(private readonly deps: { users: UserStore; medic: UserStore; logger: Logger }) {}

  async write(input: UserWriteInput): Promise<UserWrite> {
    const { userDoc, medicDocs, conflict } = input;
    const [userOutcome, medicOutcome] = await Promise.allSettled([this.deps.users.put(userDoc), this.deps.medic.bulk(medicDocs)]);
    const rows = medicOutcome.status === 'fulfilled' ? medicOutcome.value : undefined;
    const failedRow = rows?.find((r) => !r.ok);
    if (userOutcome.status === 'fulfilled' && rows && !failedRow) return { user: userOutcome.value, revs: known(rows).ours };

    // a refusal (4xx) wrote nothing; no answer or a 5xx may have written: look
    const userWritten =
      userOutcome.status === 'fulfilled'
        ? known([userOutcome.value])
        : mayHaveWritten(userOutcome.reason)
          ? this.written(this.deps.users, [userDoc], USERS_DB_UNCOMPARED)
          : known([]);
    const medicWritten =
      medicOutcome.status === 'fulfilled'
        ? known(medicOutcome.value)
        : mayHaveWritten(medicOutcome.reason)
          ? this.written(this.deps.medic, medicDocs)
          : known([]);
    const [user, medic] = await Promise.all([userWritten, medicWritten]);
    const unsure = [...user.unsure, ...medic.unsure];
    if (unsure.length) {
      this.deps.logger.warn({ user: userDoc.name, docs: unsure.map(loggableDocId) }, 'A failed user write found docs changed that it may not have written: left as they are');
    }
    await this.undo(input, user.ours.get(userDoc._id), medic.ours);
    if (userOutcome.status === 'rejected') {
      throw conflict && isConflict(userOutcome.reason) ? conflict.error() : userOutcome.reason;
    }
    if (medicOutcome.status === 'rejected') throw medicOutcome.reason;
    const row = failedRow as BulkResult;
    throw row.error === 'conflict' && conflict?.ids.includes(row.id) ? conflict.error() : rowError(row);
  }

  /** After a request with an unknown outcome: the docs now holding what it sent, and those changed by someone or something else. */
  private async written(db: UserStore, sent: readonly Doc[], uncompared?: readonly string[]): Promise<Written> {
    const found: Written = { ours: new Map(), unsure: [] };
    try {
      const stored = await db.getMany(sent.map((d) => d._id));
      sent.forEach((doc, i) => {
        const now = stored[i];
        if (isOwnWrite(doc, now, uncompared)) found.ours.set(doc._id, now._rev);
        else if (now && now._rev !== doc._rev) found.unsure.push(doc._id);
      });
    } catch {
      found.unsure.push(...sent.map((d) => d._id));
    }
    return found;
  }

  /**
   * Best effort: deletes created docs, restores updated ones, at the rev this write gave them; a failure here is logged, never thrown.
   * A doc sent with a `_rev` but without a recorded original was an existing doc: it is logged and left, never made a tombstone.
   */
  private async undo(input: UserWriteInput, userRev: string | undefined, medicRevs: ReadonlyMap<string, string>): Promise<void> {
    const sentRevs = new Map(input.medicDocs.map((d) => [d._id, d._rev]));
    const stranded: string[] = [];
    const restore = (id: string, rev: string, original: Doc | undefined, sentRev: string | undefined): Doc | undefined => {
      if (original) return { ...original, _rev: rev };
      if (sentRev) {
        stranded.push(id);
        return undefined;
      }
      return { _id: id, _rev: rev, _deleted: true };
    };
    const medic = [...medicRevs].flatMap(([id, rev]) => restore(id, rev, input.originals?.get(id), sentRevs.get(id)) ?? []);
    const user = userRev ? restore(input.userDoc._id, userRev, input.userOriginal, input.userDoc._rev) : undefined;
    if (stranded.length) {
      this.deps.logger.error({ user: input.userDoc.name, docs: stranded.map(loggableDocId) }, 'A failed user write changed existing docs it has no original of: left as they are');
    }
    const [userUndo, medicUndo] = await Promise.allSettled([
      user ? this.deps.users.put(user) : undefined,
      medic.length ? this.deps.medic.bulk(medic) : [],
    ]);
    const failed = [
      ...(userUndo.status === 'rejected' ? [{ id: input.userDoc._id, reason: reasonOf(userUndo.reason) }] : []),
      ...(medicUndo.status === 'rejected'
        ? medic.map((d) => ({ id: d._id, reason: reasonOf(medicUndo.reason) }))
        : medicUndo.value.filter((r) => !r.ok).map((r) => ({ id: r.id, reason: r.error ?? 'unknown' }))),
    ];
    if (failed.length) {
      this.deps.logger.error({ user: input.userDoc.name, docs: failed.map((f) => ({ ...f, id: loggableDocId(f.id) })) }, 'Could not undo a failed user write');
    }
  }
}
