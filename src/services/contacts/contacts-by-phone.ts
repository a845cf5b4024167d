import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { normalizePhone, type PhoneSettings } from '../../domain/phone.js';
import type { SettingsService } from '../settings-service.js';
import type { LineageService } from './lineage-service.js';

/** What `contacts-by-phone` found: the hydrated contacts, or why there are none. */
export type PhoneLookup = { docs: Doc[] } | { invalid: true } | { none: true };

/**
 * `GET/POST /api/v1/contacts-by-phone` (contacts-users §2.9): the phone normalised under the app
 * settings, matched exactly against `medic-client/contacts_by_phone`, the matches hydrated.
 */
export class ContactsByPhone {
  constructor(private readonly deps: { medic: CouchDb; settings: SettingsService; lineage: LineageService }) {}

  async find(phone: unknown): Promise<PhoneLookup> {
    const normalised = normalizePhone((await this.deps.settings.current()) as PhoneSettings, phone);
    if (!normalised) return { invalid: true };
    // docs come with the view rows: one request fewer than the reference's view-then-fetch
    const res = await this.deps.medic.view('medic-client', 'contacts_by_phone', { key: normalised, include_docs: true });
    const docs = res.rows.map((row) => row.doc).filter((d): d is Doc => !!d);
    if (!res.rows.length) return { none: true };
    return { docs: await this.deps.lineage.hydrateDocs(docs) };
  }
}
