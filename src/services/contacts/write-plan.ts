import { randomBytes } from 'node:crypto';
import type { CouchDb } from '../../db/couch-db.js';
import type { Doc, WriteResult } from '../../db/types.js';
import { BadRequestError, ConflictError } from '../../errors.js';

/** A new doc id in CouchDB's own form (32 hex characters). */
export function newDocId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The writes of one legacy contact operation, collected while everything is checked and run
 * only once all checks passed: a failed request writes nothing, unlike the reference, which
 * creates nested parents before it validates the child (contacts-users §2.6). Writes run in the
 * reference's order; a second write of the same id (a re-save) gets the rev of the first.
 */
export class WritePlan {
  private readonly docs: Doc[] = [];
  private readonly created = new Set<string>();

  constructor(private readonly medic: CouchDb) {}

  /**
   * The id of a doc about to be created: its own `_id` (checked free now, so the 409 the write would
   * get comes before anything is written), or a new one.
   */
  async idFor(doc: Record<string, unknown>): Promise<string> {
    const id = doc._id;
    if (id === undefined) return newDocId();
    if (typeof id !== 'string') throw new BadRequestError('Document id must be a string');
    if (id === '') throw new BadRequestError('Document id must not be empty');
    // the API writes as server admin: a client must never get to write a design or local doc this way
    if (id.startsWith('_')) throw new BadRequestError('Only reserved document ids may start with underscore.');
    if (!doc._rev && (this.created.has(id) || (await this.medic.get(id)))) throw new ConflictError('Document update conflict');
    return id;
  }

  /** Queue a write (a create, an update carrying `_rev`, or a re-save of a doc created earlier in this plan). */
  write(doc: Doc): void {
    if (!doc._rev) this.created.add(doc._id);
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

  /** Runs the writes in order; the last result of each id. */
  async execute(): Promise<Map<string, WriteResult>> {
    const results = new Map<string, WriteResult>();
    for (const doc of this.docs) {
      const previous = results.get(doc._id);
      results.set(doc._id, await this.medic.put(previous ? { ...doc, _rev: previous.rev } : doc));
    }
    return results;
  }
}
