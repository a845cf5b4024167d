import { randomBytes } from 'node:crypto';
import type { CouchDb } from '../../db/couch-db.js';
import type { Doc, WriteResult } from '../../db/types.js';
import { isOwnWrite, mayHaveWritten } from '../../domain/own-write.js';
import { loggableDocId } from '../../domain/users/token-login.js';
import { BadRequestError, ConflictError } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** A new doc id in CouchDB's own form (32 hex characters). */
export function newDocId(): string {
  return randomBytes(16).toString('hex');
}

/** The database calls a plan makes. */
export type PlanStore = Pick<CouchDb, 'get' | 'put' | 'bulk'>;

/**
 * The writes of one legacy contact operation, collected while everything is checked and run
 * only once all checks passed: a failed request writes nothing, unlike the reference, which
 * creates nested parents before it validates the child (contacts-users §2.6). Writes run in the
 * reference's order; a second write of the same id (a re-save) gets the rev of the first. When a
 * write fails (a 409 from a concurrent edit), the writes before it are undone; what could not be
 * undone is logged.
 */
export class WritePlan {
  private readonly docs: Doc[] = [];
  private readonly created = new Set<string>();
  private readonly originals = new Map<string, Doc>();

  constructor(
    private readonly medic: PlanStore,
    private readonly logger: Logger,
  ) {}

  /**
   * The id of a doc about to be created: its own `_id` (checked free now, so the 409 the write would
   * get comes before anything is written), or a new one. A create never overwrites: no `_rev`.
   */
  async idFor(doc: Record<string, unknown>): Promise<string> {
    // the API writes as server admin: a `_rev` would let any caller replace settings, forms, user docs.
    // The callers refuse `_rev` with their own messages first; this is the backstop should one forget.
    if (doc._rev !== undefined) throw new BadRequestError('A new document must not have a "_rev" property.');
    const id = doc._id;
    if (id === undefined) return newDocId();
    if (typeof id !== 'string') throw new BadRequestError('Document id must be a string');
    if (id === '') throw new BadRequestError('Document id must not be empty');
    // the API writes as server admin: a client must never get to write a design or local doc this way
    if (id.startsWith('_')) throw new BadRequestError('Only reserved document ids may start with underscore.');
    if (this.created.has(id) || (await this.medic.get(id))) throw new ConflictError('Document update conflict');
    return id;
  }

  /**
   * Queue a write (a create, an update carrying `_rev`, or a re-save of a doc created earlier in this
   * plan). An update's stored `original` is what a failed plan restores; without it the update is left.
   */
  write(doc: Doc, original?: Doc): void {
    if (!doc._rev) this.created.add(doc._id);
    if (original && !this.originals.has(doc._id)) this.originals.set(doc._id, original);
    this.docs.push(doc);
  }

  get size(): number {
    return this.docs.length;
  }

  /** The last version of each doc, in first-write order: one `_bulk_docs` can then write them all (a re-save is a complete doc). */
  finalDocs(): Doc[] {
    const last = new Map<string, Doc>();
    for (const doc of this.docs) last.set(doc._id, doc);
    return [...last.values()];
  }

  /**
   * Runs the writes in order; the last result of each id. When one fails, what this plan provably
   * wrote is undone (best effort) and the write's error is thrown.
   */
  async execute(): Promise<Map<string, WriteResult>> {
    const results = new Map<string, WriteResult>();
    for (const doc of this.docs) {
      const previous = results.get(doc._id);
      const sent = previous ? { ...doc, _rev: previous.rev } : doc;
      try {
        results.set(doc._id, await this.medic.put(sent));
      } catch (err) {
        const maybe = await this.writtenAnyway(sent, err);
        const written = new Map([...results].map(([id, r]) => [id, r.rev]));
        if (maybe) written.set(sent._id, maybe);
        await this.undo(written);
        throw err;
      }
    }
    return results;
  }

  /** The rev a failed write left when it wrote after all (no answer, a 5xx): the doc now holds exactly what was sent. */
  private async writtenAnyway(sent: Doc, err: unknown): Promise<string | undefined> {
    if (!mayHaveWritten(err)) return undefined; // CouchDB refused it: nothing written
    try {
      const stored = await this.medic.get(sent._id);
      return isOwnWrite(sent, stored) ? stored._rev : undefined;
    } catch {
      return undefined;
    }
  }

  /** Deletes the docs this plan created and restores those it updated, at the revs it gave them; a failure here is logged, never thrown. */
  private async undo(written: ReadonlyMap<string, string>): Promise<void> {
    const undos = [...written].flatMap(([id, rev]): Doc[] => {
      if (this.created.has(id)) return [{ _id: id, _rev: rev, _deleted: true }];
      const original = this.originals.get(id);
      return original ? [{ ...original, _rev: rev }] : [];
    });
    if (!undos.length) return;
    let failed: Array<{ id: string; reason: string }>;
    try {
      const rows = await this.medic.bulk(undos);
      failed = rows.filter((r) => !r.ok).map((r) => ({ id: r.id, reason: r.error ?? 'unknown' }));
    } catch (err) {
      // best effort: the write's own error is what the caller gets
      const reason = err instanceof Error ? err.message : String(err);
      failed = undos.map((d) => ({ id: d._id, reason }));
    }
    if (failed.length) {
      this.logger.error({ docs: failed.map((f) => ({ ...f, id: loggableDocId(f.id) })) }, 'Could not undo a failed contacts write');
    }
  }
}
