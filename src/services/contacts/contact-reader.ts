import type { Doc } from '../../db/types.js';
import { isPersonDoc, isPlaceDoc } from '../../domain/contacts/contact-types.js';
import type { AppSettings } from '../../domain/settings.js';
import { NotFoundError } from '../../errors.js';
import type { SettingsService } from '../settings-service.js';
import type { LineageService } from './lineage-service.js';

export type ContactKind = 'person' | 'place';

/** The datasource's `isDoc`: a non-empty string `_id` and `_rev` (contacts-users §2.1). */
export function isDoc(doc: unknown): doc is Doc {
  const d = doc as Doc | null | undefined;
  return typeof d?._id === 'string' && d._id !== '' && typeof d._rev === 'string' && d._rev !== '';
}

/** Is this doc a contact of that kind under these settings? */
export function isKind(settings: AppSettings, kind: ContactKind, doc: unknown): boolean {
  return kind === 'person' ? isPersonDoc(settings, doc) : isPlaceDoc(settings, doc);
}

/** Reads of single persons and places: the datasource's (undefined when absent) and the legacy library's (404 messages). */
export class ContactReader {
  constructor(private readonly deps: { settings: SettingsService; lineage: LineageService }) {}

  /** Datasource `get` (§2.1, §2.3): the person or place, hydrated when asked; undefined when missing or of another kind. */
  async find(kind: ContactKind, id: string, options: { withLineage?: boolean } = {}): Promise<Doc | undefined> {
    const doc = await this.deps.lineage.getDoc(id);
    if (!isDoc(doc) || !isKind(await this.deps.settings.current(), kind, doc)) return undefined;
    return options.withLineage ? (await this.deps.lineage.hydrateDocs([doc]))[0] : doc;
  }

  /** Legacy `getPlace`: the place with its lineage, or 404 `Failed to find place.` */
  async getPlace(id: string): Promise<Doc> {
    return this.getHydrated('place', id, 'Failed to find place.');
  }

  /** Legacy `getPerson`: the person with its lineage, or 404 `Failed to find person.` */
  async getPerson(id: string): Promise<Doc> {
    return this.getHydrated('person', id, 'Failed to find person.');
  }

  private async getHydrated(kind: ContactKind, id: string, message: string): Promise<Doc> {
    const doc = await this.deps.lineage.getDoc(id);
    if (!doc || !isKind(await this.deps.settings.current(), kind, doc)) throw new NotFoundError(message);
    return (await this.deps.lineage.hydrateDocs([doc]))[0] as Doc;
  }
}
