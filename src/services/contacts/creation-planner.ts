import type { Doc } from '../../db/types.js';
import { defaultPersonType } from '../../domain/contacts/contact-types.js';
import { MAX_LINEAGE_DEPTH, minify, minifyLineage } from '../../domain/contacts/lineage.js';
import { reportedDateOrNow } from '../../domain/contacts/reported-date.js';
import { isNewObject, isObjectLike, validatePerson, validatePlace } from '../../domain/contacts/validation.js';
import type { AppSettings } from '../../domain/settings.js';
import { BadRequestError } from '../../errors.js';
import type { ContactReader } from './contact-reader.js';
import type { WritePlan } from './write-plan.js';

type Json = Record<string, unknown>;

/** A contact whose creation is planned. */
export interface PlannedContact {
  /** The doc as it will finally be stored. */
  doc: Doc;
  /** What reading it back with its lineage will give (parent, and a new primary contact, filled in). */
  hydrated: Doc;
  /** The primary contact given with a new place (an existing id or a person created with it). */
  contactId?: string;
  /** True when that primary contact is created with the place (the place is then written twice). */
  newContact?: boolean;
}

export const PLACE_REF_ERROR = 'Place must be a new object or string identifier (UUID).';
export const PERSON_REF_ERROR = 'Person must be a new object or string identifier (UUID).';
/** The 400 of a new person or place carrying `_rev` where the reference has no message for it (it writes as admin, overwriting). */
export const NEW_PERSON_REV_ERROR = 'A new person must not have a "_rev" property.';
export const NEW_PLACE_REV_ERROR = 'A new place must not have a "_rev" property.';
/** More new parents nested than a stored lineage may hold (§4.4): the reference would fail to minify the child. */
export const NESTED_PARENTS_ERROR = `Could not create more than ${MAX_LINEAGE_DEPTH} levels of new parents, possible parent recursion.`;

/**
 * The legacy contacts library's create rules (contacts-users §2.5, §2.6), run in its order: every
 * read and check happens here, in the order the reference would meet them, so the first error is
 * the reference's; the writes go into the `WritePlan` to run once everything passed. A create never
 * overwrites: a new person or place carrying `_rev` is refused. `level` is how many parents up from
 * the doc of the request a new place sits; past the lineage limit the request is refused before
 * anything is read.
 */
export class CreationPlanner {
  constructor(
    private readonly deps: { settings: AppSettings; reader: ContactReader; plan: WritePlan; now?: () => number },
  ) {}

  /** §2.5 `createPerson`. `place` is the already-resolved place when the caller created it in this plan. */
  async person(input: unknown, place?: Doc): Promise<PlannedContact> {
    const person = this.personDraft(input);
    person.reported_date = reportedDateOrNow(person.reported_date, this.deps.now);
    let parent: Doc | undefined;
    if (person.place) {
      parent = place ?? (await this.resolvePlace(person.place));
      person.parent = minifyLineage(parent);
      delete person.place;
    }
    const id = await this.deps.plan.idFor(person);
    const doc = { _id: id, ...person } as Doc;
    this.deps.plan.write(doc);
    return { doc, hydrated: parent ? { ...doc, parent } : doc };
  }

  /** §2.6 `createPlace`: parent resolved (nested new parents planned first), validated, then the contact. */
  async place(input: unknown, level = 0): Promise<PlannedContact> {
    if (level > MAX_LINEAGE_DEPTH) throw new BadRequestError(NESTED_PARENTS_ERROR);
    if (!isObjectLike(input)) throw new BadRequestError('Place must be an object.');
    if (input._rev !== undefined) throw new BadRequestError(NEW_PLACE_REV_ERROR);
    const place: Json = { ...input };
    if (place.parent) place.parent = await this.resolveParent(place.parent, level + 1);
    const invalid = validatePlace(this.deps.settings, place);
    if (invalid) throw new BadRequestError(invalid);
    const contact = place.contact;
    let existingContactId: string | undefined;
    if (typeof contact === 'string' && contact) existingContactId = (await this.deps.reader.getPerson(contact))._id;
    else if (isObjectLike(contact)) this.personDraft(contact); // checked now; created after the place

    const { contact: _dropped, ...fields } = place;
    const id = await this.deps.plan.idFor(place);
    const doc = { _id: id, ...fields, reported_date: reportedDateOrNow(place.reported_date, this.deps.now) } as Doc;
    if ('parent' in place) doc.parent = minifyLineage(place.parent);
    if (existingContactId) doc.contact = existingContactId; // legacy: the bare id string (§2.6 write sequence 3)
    this.deps.plan.write(doc);
    const hydrated = { ...doc, parent: place.parent } as Doc;
    if (!isObjectLike(contact)) return { doc, hydrated, contactId: existingContactId };

    // §2.6 write sequence 4: the person is created in the new place, then the place re-saved with it
    const person = await this.person({ ...contact, place: doc._id }, hydrated);
    const resaved = minify({ ...doc, contact: person.doc });
    this.deps.plan.write(resaved);
    return { doc: resaved, hydrated: { ...resaved, parent: place.parent, contact: person.doc }, contactId: person.doc._id, newContact: true };
  }

  /**
   * A person's `place` (§2.5 step 4), an updated place's `parent` (§2.7 step 5) or a new user's place
   * (§2.13.6 step 2): an id, or a new object. `level` 1 (a parent of the request's doc) by default; 0
   * when the place is the request's own new doc, as for a new user.
   */
  async resolvePlace(value: unknown, level = 1): Promise<Doc> {
    if (typeof value === 'string') return this.deps.reader.getPlace(value);
    if (isNewObject(value)) return (await this.place(value, level)).hydrated;
    throw new BadRequestError(PLACE_REF_ERROR);
  }

  /** An updated place's `contact` (§2.7 step 4): an id, or a new object created as a person. */
  async resolvePerson(value: unknown): Promise<Doc> {
    if (typeof value === 'string') return this.deps.reader.getPerson(value);
    if (isNewObject(value)) return (await this.person(value)).hydrated;
    throw new BadRequestError(PERSON_REF_ERROR);
  }

  /** A new place's `parent` (§2.6): an id is read, an object without `_id` created first, one with `_id` taken as given. */
  private async resolveParent(parent: unknown, level: number): Promise<unknown> {
    if (typeof parent === 'string') return this.deps.reader.getPlace(parent);
    if (isObjectLike(parent) && !parent._id) return (await this.place(parent, level)).hydrated;
    return parent;
  }

  /** A person with its default type, checked (§2.5 steps 1–2). */
  private personDraft(input: unknown): Json {
    if (!isObjectLike(input)) throw new BadRequestError('Person must be an object.');
    if (input._rev !== undefined) throw new BadRequestError(NEW_PERSON_REV_ERROR);
    const person: Json = { ...input };
    if (!person.type) {
      const type = defaultPersonType(this.deps.settings);
      if (type) person.type = type;
    }
    const invalid = validatePerson(this.deps.settings, person);
    if (invalid) throw new BadRequestError(invalid);
    return person;
  }
}
