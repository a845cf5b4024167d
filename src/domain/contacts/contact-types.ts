/** Contact type rules of CHT (contacts-users §4.1, §4.4): which docs are contacts, persons, places. Pure. */
import { isRecord } from '../objects.js';
import type { AppSettings, ContactType } from '../settings.js';

/** The legacy contact `type` values; any other contact is `type: 'contact'` + `contact_type`. */
export const HARDCODED_TYPES: readonly string[] = ['district_hospital', 'health_center', 'clinic', 'person'];

/** The type id of a doc: `contact_type` when `type === 'contact'`, else `type`. */
export function typeIdOf(doc: unknown): string | undefined {
  if (!isRecord(doc)) return undefined;
  const id = doc.type === 'contact' ? doc.contact_type : doc.type;
  return typeof id === 'string' ? id : undefined;
}

/** A contact doc: `type: 'contact'` or one of the hardcoded types. */
export function isContactDoc(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && (doc.type === 'contact' || (typeof doc.type === 'string' && HARDCODED_TYPES.includes(doc.type)));
}

/** The configured contact types; entries without a string id are ignored. */
export function contactTypes(settings: AppSettings): ContactType[] {
  const types = settings.contact_types;
  return Array.isArray(types) ? types.filter((t): t is ContactType => isRecord(t) && typeof t.id === 'string') : [];
}

/** The configured type with this id. */
export function contactType(settings: AppSettings, id: string | undefined): ContactType | undefined {
  return id === undefined ? undefined : contactTypes(settings).find((t) => t.id === id);
}

/** Ids of configured person types (`person: true`). */
export function personTypeIds(settings: AppSettings): string[] {
  return contactTypes(settings)
    .filter((t) => t.person)
    .map((t) => t.id);
}

/** Ids of configured place types (no `person: true`). */
export function placeTypeIds(settings: AppSettings): string[] {
  return contactTypes(settings)
    .filter((t) => !t.person)
    .map((t) => t.id);
}

/** A person: its type id is a configured person type, or literally `person` even when not configured (§2.1). */
export function isPersonDoc(settings: AppSettings, doc: unknown): boolean {
  const id = typeIdOf(doc);
  return id === 'person' || !!contactType(settings, id)?.person;
}

/** A place: its type id is a configured type that is not a person type and is not `person` (§2.3). */
export function isPlaceDoc(settings: AppSettings, doc: unknown): boolean {
  const id = typeIdOf(doc);
  const type = contactType(settings, id);
  return !!type && !type.person && id !== 'person';
}

/** The default type of a new person: `person` when that type is configured (§2.5 step 1). */
export function defaultPersonType(settings: AppSettings): string | undefined {
  return contactType(settings, 'person') ? 'person' : undefined;
}
