import type { Doc } from '../../db/types.js';
import { isPersonDoc } from '../../domain/contacts/contact-types.js';
import { isRecord } from '../../domain/objects.js';
import { chainIds, minify, minifyLineage } from '../../domain/contacts/lineage.js';
import type { AppSettings } from '../../domain/settings.js';
import { contactNotInPlaceError, contactNotPersonError } from '../../domain/users/user-errors.js';
import { isNewObject } from '../../domain/contacts/validation.js';
import { BadRequestError } from '../../errors.js';
import { PERSON_REF_ERROR, type CreationPlanner } from '../contacts/creation-planner.js';
import type { ContactReader } from '../contacts/contact-reader.js';
import type { LineageService } from '../contacts/lineage-service.js';
import type { WritePlan } from '../contacts/write-plan.js';

/** The place of a new user: the doc with its lineage, and whether it is created with the user. */
export interface UserPlace {
  doc: Doc;
  created: boolean;
}

/** The contact of a new user, and the stored doc it replaces when it is re-saved (for undoing). */
export interface UserContact {
  doc: Doc;
  original?: Doc;
}

/** A person doc without the `user_for_contact.create` flag, or undefined when it has none (§2.13.6 step 4). */
function withoutCreateFlag(person: Record<string, unknown>): Record<string, unknown> | undefined {
  const flags = person.user_for_contact;
  if (!isRecord(flags) || !flags.create) return undefined;
  const { create: _done, ...rest } = flags;
  return { ...person, user_for_contact: rest };
}

/**
 * The place and contact steps of `POST /api/v1/users` (contacts-users §2.13.6 steps 2–5), planned
 * on the contacts write plan: reads and checks happen here, writes only once the whole user passed.
 */
export class UserContactsPlanner {
  constructor(
    private readonly deps: { settings: AppSettings; planner: CreationPlanner; plan: WritePlan; reader: ContactReader; lineage: LineageService },
  ) {}

  /**
   * Step 2, resolved as §2.5 step 4 (`CreationPlanner.resolvePlace`): an id is read with its lineage; a
   * new object (nested new parents too) is planned; anything else, an object carrying `_rev` included, is
   * 400 `Place must be a new object or string identifier (UUID).` (step 5's "object with `_rev`" case
   * cannot be reached). The user's place is the doc of the request: level 0, as a place created directly.
   * An array (only meant for v3 and updates) fails as in the reference: `Wrong type, object  is not a place.`
   */
  async place(value: unknown): Promise<UserPlace | undefined> {
    if (!value) return undefined;
    return { doc: await this.deps.planner.resolvePlace(value, 0), created: typeof value !== 'string' };
  }

  /**
   * Steps 3–4: an existing person inside the place (by id), or a new person created in it. The step 3
   * checks come first; then anything but an id or a new object, an object carrying `_rev` included, is
   * 400 `Person must be a new object or string identifier (UUID).`: a stored person is never overwritten.
   */
  async contact(value: unknown, place: UserPlace | undefined): Promise<UserContact | undefined> {
    if (!value) return undefined;
    const id = isRecord(value) ? value._id : value;
    if (typeof id === 'string' && id) {
      const existing = await this.deps.lineage.getDoc(id);
      if (existing) {
        if (!isPersonDoc(this.deps.settings, existing)) throw contactNotPersonError();
        if (!place || !chainIds(existing.parent).includes(place.doc._id)) throw contactNotInPlaceError();
        if (typeof value === 'string') return this.existing(existing);
      } else if (typeof value === 'string') {
        return { doc: await this.deps.reader.getPerson(value) }; // 404 `Failed to find person.`
      }
    } else if (isRecord(value) && value.parent) {
      // the reference compares the given parent with the place object, never equal (§2.13.6 step 3)
      throw contactNotInPlaceError();
    }
    if (!isNewObject(value)) throw new BadRequestError(PERSON_REF_ERROR);
    const input = isRecord(value) ? value : {};
    const person = { ...input, parent: place ? minifyLineage(place.doc) : undefined };
    const planned = await this.deps.planner.person(withoutCreateFlag(person) ?? person);
    return { doc: planned.doc };
  }

  /** Step 5: a place created with the user gets the contact as its primary contact (one write with the place). */
  setPrimaryContact(place: UserPlace | undefined, contact: UserContact | undefined): void {
    if (!place?.created || !contact) return;
    const planned = this.deps.plan.finalDocs().find((d) => d._id === place.doc._id);
    if (planned) this.deps.plan.write(minify({ ...planned, contact: contact.doc }));
  }

  /** An existing contact, re-saved only to drop `user_for_contact.create`. */
  private existing(doc: Doc): UserContact {
    const cleaned = withoutCreateFlag(doc);
    if (!cleaned) return { doc };
    this.deps.plan.write(cleaned as Doc);
    return { doc: cleaned as Doc, original: doc };
  }
}
