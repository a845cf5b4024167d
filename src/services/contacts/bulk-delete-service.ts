import type { CouchDb } from '../../db/couch-db.js';
import type { BulkResult, Doc } from '../../db/types.js';
import { isContactDoc } from '../../domain/contacts/contact-types.js';
import { isRecord } from '../../domain/objects.js';
import { BadRequestError } from '../../errors.js';

export const BULK_DELETE_BATCH = 50;
const MAX_ATTEMPTS = 3;

/** One result of a batch: `{ok, id, rev}` or `{id, error, reason}`. */
export type DeleteResult = { ok: true; id: string; rev: string } | { id: string; error: string; reason?: string };

/** The ids of a `{docs: [{_id}, …]}` body; 400 for anything else and for duplicates (the reference: 500, §2.20). */
export function parseDeleteRequest(body: unknown): string[] {
  const docs = isRecord(body) ? body.docs : undefined;
  if (!Array.isArray(docs) || !docs.every((d) => isRecord(d) && typeof d._id === 'string' && d._id !== '')) {
    throw new BadRequestError('Request body must be {"docs": [{"_id": "…"}, …]}');
  }
  const ids = docs.map((d) => (d as { _id: string })._id);
  // the API deletes as server admin: design and local docs are out of reach of this endpoint
  const reserved = ids.filter((id) => id.startsWith('_'));
  if (reserved.length) throw new BadRequestError(`Only reserved document ids may start with underscore: ${reserved.join(', ')}`);
  const seen = new Set<string>();
  const duplicates = new Set<string>(); // in the order they repeat, each once
  for (const id of ids) {
    if (seen.has(id)) duplicates.add(id);
    else seen.add(id);
  }
  if (duplicates.size) throw new BadRequestError(`Duplicate documents when deleting: ${[...duplicates].join(', ')}`);
  return ids;
}

const toResult = (id: string, r: BulkResult): DeleteResult =>
  r.error ? { id, error: r.error, ...(r.reason === undefined ? {} : { reason: r.reason }) } : { ok: true, id, rev: r.rev as string };

/**
 * `POST /api/v1/bulk-delete` (contacts-users §2.20): deletes in batches of 50, nulling the primary
 * `contact` of a parent whose contact is deleted, retrying failures up to 3 times per doc.
 */
export class BulkDeleteService {
  constructor(private readonly deps: { medic: CouchDb }) {}

  /** Each batch's results as soon as that batch is written. */
  async *deleteInBatches(ids: readonly string[]): AsyncGenerator<DeleteResult[]> {
    for (let i = 0; i < ids.length; i += BULK_DELETE_BATCH) {
      yield await this.deleteBatch(ids.slice(i, i + BULK_DELETE_BATCH));
    }
  }

  /** One batch: missing and deleted ids vanish; the last status of each written doc, in first-write order. */
  async deleteBatch(ids: readonly string[]): Promise<DeleteResult[]> {
    const inBatch = new Set(ids);
    const results = new Map<string, DeleteResult>();
    let deletions = [...ids];
    let parents = new Map<string, Set<string>>(); // parent id → children deleted in this batch (for retries)
    for (let attempt = 0; attempt < MAX_ATTEMPTS && (deletions.length || parents.size); attempt++) {
      const docs = (await this.deps.medic.getMany(deletions)).filter((d): d is Doc => !!d);
      const writes: Doc[] = docs.map((d) => ({ ...d, _deleted: true }));
      const links = new Map(parents);
      for (const doc of docs) {
        const parentId = isRecord(doc.parent) ? doc.parent._id : undefined;
        if (typeof parentId !== 'string' || inBatch.has(parentId)) continue;
        links.set(parentId, new Set([...(links.get(parentId) ?? []), doc._id]));
      }
      writes.push(...(await this.parentUpdates(links)));
      const written = await this.deps.medic.bulk(writes);
      deletions = [];
      parents = new Map();
      written.forEach((r, i) => {
        const id = writes[i]?._id as string;
        if (r.error === 'not_found') return;
        results.set(id, toResult(id, r));
        if (!r.error) return;
        if (inBatch.has(id)) deletions.push(id);
        else parents.set(id, links.get(id) ?? new Set());
      });
    }
    return [...results.values()];
  }

  /** Parents (contacts) whose primary contact is one of the deleted children, with `contact: null`. */
  private async parentUpdates(links: Map<string, Set<string>>): Promise<Doc[]> {
    if (!links.size) return [];
    const parentIds = [...links.keys()];
    const found = await this.deps.medic.getMany(parentIds);
    return found.flatMap((parent, i) => {
      const contactId = isRecord(parent?.contact) ? parent.contact._id : undefined;
      const children = links.get(parentIds[i] as string);
      return parent && isContactDoc(parent) && typeof contactId === 'string' && children?.has(contactId) ? [{ ...parent, contact: null }] : [];
    });
  }
}
