import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { isPersonDoc, isPlaceDoc } from '../../domain/contacts/contact-types.js';
import { chainIds } from '../../domain/contacts/lineage.js';
import { hasPermissions } from '../../domain/permissions.js';
import type { AppSettings } from '../../domain/settings.js';
import { isReservedPath } from '../contacts/lineage-service.js';
import {
  contactNotInPlaceError,
  contactNotPersonError,
  invalidFacilitiesError,
  multiplePlacesError,
  UserError,
} from '../../domain/users/user-errors.js';

/** The place and contact checks of an update and of a v3 create (contacts-users §2.15 steps 7–8, §2.22). */
export class FacilityChecks {
  constructor(private readonly deps: { medic: CouchDb }) {}

  /** Step 7: a non-empty list, one place unless `can_have_multiple_places`, every id an existing place (one `_all_docs`). */
  async checkPlaces(settings: AppSettings, facilityIds: string[] | null | undefined, roles: string[]): Promise<void> {
    if (!facilityIds?.length) throw invalidFacilitiesError();
    if (facilityIds.length > 1 && !hasPermissions(settings, ['can_have_multiple_places'], roles)) throw multiplePlacesError();
    const docs = await this.deps.medic.getMany(facilityIds);
    // the reference names a missing id `undefined` (it reads the id off the missing row): the real id is named here
    const missing = facilityIds.find((_, i) => !isPlaceDoc(settings, docs[i]));
    if (missing !== undefined) throw new UserError(404, `Failed to find place ${missing}`);
  }

  /** Step 8: the contact is a person under at least one of the facilities. */
  async checkContact(settings: AppSettings, contactId: string, facilityIds: readonly string[]): Promise<Doc> {
    const contact = isReservedPath(contactId) ? undefined : await this.deps.medic.get(contactId);
    if (!contact) throw new UserError(404, `Contact not found [${contactId}].`);
    if (!isPersonDoc(settings, contact)) throw contactNotPersonError();
    const lineage = chainIds(contact.parent);
    if (!facilityIds.some((id) => lineage.includes(id))) throw contactNotInPlaceError();
    return contact;
  }
}
