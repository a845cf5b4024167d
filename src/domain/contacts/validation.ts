/**
 * Validation of the legacy contact endpoints (contacts-users §2.5 step 2, §2.6): the first failure's
 * message, in the reference's order and wording, or undefined. Pure.
 */
import type { AppSettings } from '../settings.js';
import { contactType, isPersonDoc, isPlaceDoc, typeIdOf } from './contact-types.js';
import { MAX_LINEAGE_DEPTH } from './lineage.js';
import { isValidReportedDate } from './reported-date.js';

/** lodash `isObject`: any object, arrays included. */
export function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** lodash `isEmpty`: nullish, numbers and booleans, '' / [] / {} are empty. */
export function isEmptyLike(value: unknown): boolean {
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (isObjectLike(value)) return Object.keys(value).length === 0;
  return true;
}

/** §2.5 step 2: the person checks (`type` already defaulted). */
export function validatePerson(settings: AppSettings, person: unknown): string | undefined {
  if (!isObjectLike(person)) return 'Person must be an object.';
  if (!isPersonDoc(settings, person)) return 'Wrong type, this is not a person.';
  if (person.name === undefined) return 'Person is missing a "name" property.';
  if (typeof person.name !== 'string') return 'Property "name" must be a string.';
  if (person.reported_date !== undefined && !isValidReportedDate(person.reported_date)) {
    return `Reported date is invalid: ${String(person.reported_date)}`;
  }
  return undefined;
}

/**
 * §2.6 `validatePlace`: this place, then each non-empty parent up the chain (no further than a
 * lineage may go: a longer chain fails to minify). Messages carry the
 * place's `_id`, or '' for a new place (hence `Wrong type, object  is not a place.` with two spaces).
 */
export function validatePlace(settings: AppSettings, place: unknown, depth = 0): string | undefined {
  const placeId = isObjectLike(place) && typeof place._id === 'string' ? place._id : '';
  if (!isObjectLike(place)) return 'Place must be an object.';
  if (!isPlaceDoc(settings, place)) return `Wrong type, object ${placeId} is not a place.`;
  if (place.name === undefined) return `Place ${placeId} is missing a "name" property.`;
  if (place.reported_date !== undefined && !isValidReportedDate(place.reported_date)) {
    return `Reported date on place ${placeId} is invalid: ${String(place.reported_date)}`;
  }
  if (typeof place.name !== 'string') return `Property "name" on place ${placeId} must be a string.`;
  const type = contactType(settings, typeIdOf(place));
  const parents = type?.parents ?? [];
  if (parents.length) {
    if (!place.parent) return `Place ${placeId} is missing a "parent" property.`;
    const parentType = typeIdOf(place.parent);
    if (parentType === undefined || !parents.includes(parentType)) {
      return `${type?.id ?? ''} "${placeId}" should have one of the following parent types: "${parents.join(',')}".`;
    }
  }
  if (place.contact && typeof place.contact !== 'string' && !isObjectLike(place.contact)) {
    return `Property "contact" on place ${placeId} must be an object or string.`;
  }
  if (place.parent && !isEmptyLike(place.parent) && depth < MAX_LINEAGE_DEPTH) return validatePlace(settings, place.parent, depth + 1);
  return undefined;
}

/** A `place`/`parent`/`contact` value that is a new object to create (no `_rev`), not an existing doc. */
export function isNewObject(value: unknown): value is Record<string, unknown> {
  return isObjectLike(value) && !value._rev;
}
