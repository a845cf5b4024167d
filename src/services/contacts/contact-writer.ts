import type { CouchDb } from '../../db/couch-db.js';
import type { Doc, WriteResult } from '../../db/types.js';
import { minify } from '../../domain/contacts/lineage.js';
import { validatePlace } from '../../domain/contacts/validation.js';
import { BadRequestError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SettingsService } from '../settings-service.js';
import type { ContactReader } from './contact-reader.js';
import { CreationPlanner, type PlannedContact } from './creation-planner.js';
import { WritePlan } from './write-plan.js';

/** `POST /api/v1/people` and `/places` answer (§2.5, §2.6): `{ok, id, rev}`, `contact: {id}` with a contact, no `ok` when the contact is new. */
export interface CreateResult {
  ok?: true;
  id: string;
  rev: string;
  contact?: { id: string };
}

/** A create whose checks all passed; nothing is written until `execute()`. */
export interface PreparedCreate {
  planned: PlannedContact;
  execute(): Promise<CreateResult>;
}

const EDITABLE = ['name', 'parent', 'contact', 'place_id'] as const;

/** The rev of a doc's last write in a plan. */
const revOf = (results: Map<string, WriteResult>, id: string) => results.get(id)?.rev as string;

/**
 * The legacy contacts library (shared-libs/contacts) behind `POST /api/v1/people`, `/places`,
 * `/places/{id}` and user creation: checks first, then the writes in the reference's order.
 */
export class ContactWriter {
  constructor(private readonly deps: { medic: CouchDb; settings: SettingsService; reader: ContactReader; logger: Logger }) {}

  /** A new, empty write plan on the main database. */
  private newPlan(): WritePlan {
    return new WritePlan(this.deps.medic, this.deps.logger);
  }

  /** A planner on a new (or given) write plan: several creations can be checked before any is written. */
  async planner(plan: WritePlan = this.newPlan()): Promise<CreationPlanner> {
    return new CreationPlanner({ settings: await this.deps.settings.current(), reader: this.deps.reader, plan });
  }

  /** Checks a person create (§2.5), nested new place included. */
  async prepareCreatePerson(input: unknown): Promise<PreparedCreate> {
    const plan = this.newPlan();
    const planned = await (await this.planner(plan)).person(input);
    return { planned, execute: async () => ({ ok: true, id: planned.doc._id, rev: revOf(await plan.execute(), planned.doc._id) }) };
  }

  /** Checks a place create (§2.6), nested new parents and contact included. */
  async prepareCreatePlace(input: unknown): Promise<PreparedCreate> {
    const plan = this.newPlan();
    const planned = await (await this.planner(plan)).place(input);
    return {
      planned,
      execute: async () => {
        const rev = revOf(await plan.execute(), planned.doc._id);
        const contact = planned.contactId ? { contact: { id: planned.contactId } } : {};
        return planned.newContact ? { id: planned.doc._id, rev, ...contact } : { ok: true, id: planned.doc._id, rev, ...contact };
      },
    };
  }

  /** `createPerson`: `{ok, id, rev}`. */
  async createPerson(input: unknown): Promise<CreateResult> {
    return (await this.prepareCreatePerson(input)).execute();
  }

  /** `createPlace`: `{ok, id, rev}`, `{ok, id, rev, contact:{id}}` or `{id, rev, contact:{id}}` (§2.6). */
  async createPlace(input: unknown): Promise<CreateResult> {
    return (await this.prepareCreatePlace(input)).execute();
  }

  /** `getOrCreatePlace` (§2.5 step 4, users §2.13.6 step 2): an id read with its lineage, or a new object created then read back. */
  async getOrCreatePlace(value: unknown): Promise<Doc> {
    const plan = this.newPlan();
    const place = await (await this.planner(plan)).resolvePlace(value);
    if (!plan.size) return place;
    await plan.execute();
    return this.deps.reader.getPlace(place._id);
  }

  /** §2.7 `updatePlace`: name, parent, contact and place_id; new parent or contact objects are created first. */
  async updatePlace(id: string, body: Record<string, unknown>): Promise<{ id: string; rev: string }> {
    if (!EDITABLE.some((field) => body[field] !== undefined && body[field] !== null)) {
      throw new BadRequestError(`One of the following fields are required: ${EDITABLE.join(', ')}`);
    }
    const place: Record<string, unknown> = { ...(await this.deps.reader.getPlace(id)) };
    for (const field of EDITABLE) if (body[field] !== undefined) place[field] = body[field]; // null is copied: it clears
    const plan = this.newPlan();
    const planner = await this.planner(plan);
    if (body.contact) place.contact = await planner.resolvePerson(body.contact);
    if (body.parent) place.parent = await planner.resolvePlace(body.parent);
    const invalid = validatePlace(await this.deps.settings.current(), place);
    if (invalid) throw new BadRequestError(invalid);
    const doc = minify(place) as Doc;
    plan.write(doc);
    return { id: doc._id, rev: revOf(await plan.execute(), doc._id) };
  }
}
