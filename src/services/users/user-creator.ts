import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import type { AppSettings } from '../../domain/settings.js';
import type { Logger } from '../../logger.js';
import { newUserDoc, newUserSettingsDoc, profileOf, type UserFields } from '../../domain/users/user-docs.js';
import { plainBadRequest, usernameTakenError } from '../../domain/users/user-errors.js';
import { contactIdOf, facilityIds, userDocId } from '../../domain/users/user-payload.js';
import type { ContactServices } from '../contacts/index.js';
import { CreationPlanner } from '../contacts/creation-planner.js';
import { WritePlan } from '../contacts/write-plan.js';
import type { BatchContext } from './batch-context.js';
import type { SettingsService } from '../settings-service.js';
import { checkNewUser, type CheckedUser } from './create-checks.js';
import type { FacilityChecks } from './facility-checks.js';
import type { SsoChecks } from './sso-checks.js';
import type { IssuedToken, TokenIssuer } from './token-issuer.js';
import { UserContactsPlanner } from './user-contacts-planner.js';
import type { UserWriter } from './user-writer.js';

/** A doc written: its id and new rev. */
export interface IdRev {
  id: string;
  rev: string;
}

/** The answer of one create (contacts-users §2.13): `contact` only when one was given; no `contact` in v3. */
export interface CreateResponse {
  user: IdRev;
  'user-settings': IdRev;
  contact?: IdRev;
  token_login?: { expiration_date: number };
}

/** What a checked user adds to the main database, and the stored docs those writes replace. */
interface Extras {
  medicDocs: Doc[];
  originals: Map<string, Doc>;
  facilityId: string[] | null | undefined;
  contactId: string | null | undefined;
  contact?: Doc;
}

/**
 * Creates users (contacts-users §2.13, §2.22): every check and read first, in the reference's order,
 * then the writes (`UserWriter`): a user that fails a check writes nothing at all.
 */
export class UserCreator {
  constructor(
    private readonly deps: {
      settings: SettingsService;
      contacts: ContactServices;
      medic: CouchDb;
      users: CouchDb;
      sso: SsoChecks;
      facilities: FacilityChecks;
      tokens: TokenIssuer;
      writer: UserWriter;
      logger: Logger;
    },
  ) {}

  /** `POST /api/v1/users` for one user: place and contact may be new objects, created with the user. */
  async create(input: unknown, batch?: BatchContext): Promise<CreateResponse> {
    const settings = await this.deps.settings.current();
    const checked = await checkNewUser(settings, this.deps.sso, input);
    const plan = new WritePlan(this.deps.medic, this.deps.logger);
    const reader = batch?.reader ?? this.deps.contacts.reader;
    const planner = new UserContactsPlanner({
      settings,
      planner: new CreationPlanner({ settings, reader, plan }),
      plan,
      reader,
      lineage: this.deps.contacts.lineage,
    });
    // the name check and the place reads run together; errors still come in the reference's order
    const nameCheck = batch?.freeNames.has(checked.name) ? Promise.resolve() : this.assertNameFree(checked.name);
    const [free, placed] = await Promise.allSettled([nameCheck, planner.place(checked.data.place)]);
    if (free.status === 'rejected') throw free.reason;
    if (placed.status === 'rejected') throw placed.reason;
    const place = placed.value;
    const contact = await planner.contact(checked.data.contact, place);
    planner.setPrimaryContact(place, contact);
    const originals = new Map(contact?.original ? [[contact.original._id, contact.original]] : []);
    const { data } = checked;
    const response = await this.finish(settings, checked, {
      medicDocs: plan.finalDocs(),
      originals,
      facilityId: data.place === undefined ? undefined : place ? [place.doc._id] : null,
      contactId: data.contact === undefined ? undefined : contact ? contact.doc._id : null,
      contact: contact?.doc,
    });
    return response;
  }

  /** `POST /api/v3/users`: place id(s) and a contact id only, checked as an update checks them (§2.22). */
  async createV3(input: unknown): Promise<CreateResponse> {
    const settings = await this.deps.settings.current();
    const checked = await checkNewUser(settings, this.deps.sso, input);
    await this.assertNameFree(checked.name);
    const { data } = checked;
    const facilityId = facilityIds(data.place);
    if (data.place) await this.deps.facilities.checkPlaces(settings, facilityId, checked.roles);
    const contactId = contactIdOf(data.contact);
    if (data.contact && !contactId) throw plainBadRequest('Contact must be a string identifier (UUID).');
    if (data.contact && contactId) await this.deps.facilities.checkContact(settings, contactId, facilityId ?? []);
    const { contact: _none, ...response } = await this.finish(settings, checked, { medicDocs: [], originals: new Map(), facilityId, contactId });
    return response;
  }

  /** 400 `username.taken` when either user doc exists. */
  private async assertNameFree(name: string): Promise<void> {
    const id = userDocId(name);
    const [user, settings] = await Promise.all([this.deps.users.get(id), this.deps.medic.get(id)]);
    if (user || settings) throw usernameTakenError(name);
  }

  /** Steps 6–10: both user docs (and the token doc) written after everything else was checked. */
  private async finish(settings: AppSettings, checked: CheckedUser, extras: Extras): Promise<CreateResponse> {
    const { name, data } = checked;
    const fields: UserFields = {
      name,
      roles: checked.roles,
      password: checked.password,
      passwordChangeRequired: checked.passwordChangeRequired,
      facilityId: extras.facilityId,
      contactId: extras.contactId,
      known: data.known,
      oidcUsername: data.oidc_username,
      profile: profileOf(data),
      oidcLogin: 'oidc_username' in data ? !!data.oidc_username : undefined,
    };
    let token: IssuedToken | undefined;
    if (checked.tokenLogin) {
      token = await this.deps.tokens.issue(settings, { username: name, setup: checked.tokenLogin, fields: { ...fields.profile, name, roles: fields.roles } });
    }
    const settingsDoc = newUserSettingsDoc(fields, token?.state);
    const medicDocs = [...extras.medicDocs, settingsDoc, ...(token ? [token.doc] : [])];
    const id = userDocId(name);
    const written = await this.deps.writer.write({
      userDoc: newUserDoc(fields, token?.state),
      medicDocs,
      originals: extras.originals,
      conflict: { ids: [id], error: () => usernameTakenError(name) },
    });
    const response: CreateResponse = { user: { id, rev: written.user.rev }, 'user-settings': { id, rev: written.revs.get(id) as string } };
    if (extras.contact) response.contact = { id: extras.contact._id, rev: written.revs.get(extras.contact._id) ?? (extras.contact._rev as string) };
    if (token) response.token_login = { expiration_date: token.state.expiration_date };
    return response;
  }
}
