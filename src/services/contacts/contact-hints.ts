import type { Doc } from '../../db/types.js';
import { isContactDoc } from '../../domain/contacts/contact-types.js';
import { isRecord } from '../../domain/objects.js';

/**
 * The primary contact id of each contact doc seen lately. Only a hint of what to fetch along with
 * a lineage: hydration always follows the ancestors as fetched, and fetches whatever the hint
 * missed, so a stale hint costs one request, never a wrong answer. Bounded, oldest out.
 */
export class ContactHints {
  private readonly contacts = new Map<string, string | null>();

  constructor(private readonly maxEntries = 50_000) {}

  /** Remember the primary contact of every contact doc among these. */
  learn(docs: ReadonlyArray<Doc | undefined>): void {
    for (const doc of docs) {
      if (!doc || !isContactDoc(doc)) continue;
      const contactId = isRecord(doc.contact) && typeof doc.contact._id === 'string' ? doc.contact._id : null;
      this.contacts.delete(doc._id);
      this.contacts.set(doc._id, contactId);
    }
    while (this.contacts.size > this.maxEntries) this.contacts.delete(this.contacts.keys().next().value as string);
  }

  /** The contact ids last seen on these docs. */
  contactsOf(ids: readonly string[]): string[] {
    return ids.map((id) => this.contacts.get(id)).filter((id): id is string => !!id);
  }
}
