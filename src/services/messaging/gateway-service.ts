import type { Couch } from '../../db/couch.js';
import { BadRequestError } from '../../errors.js';
import { isRecord } from '../../domain/objects.js';
import { normalizePhone, type PhoneSettings } from '../../domain/phone.js';
import { gatewayUpdateChange } from '../../domain/sms/provider-states.js';
import { CLAIM_STATE } from '../../domain/sms/task-states.js';
import type { Doc } from '../../db/types.js';
import type { SettingsService } from '../settings-service.js';
import type { IncomingMessages, IncomingSms } from './incoming-messages.js';
import type { MessageStates } from './message-states.js';

/** What cht-gateway receives: messages for it to send. */
export interface OutgoingSms {
  id: unknown;
  to: unknown;
  content: unknown;
}

/** At most this many outgoing messages per poll (settings spec §6.2 step 3). */
export const GATEWAY_BATCH = 25;

/** Only a task still pending is marked: one already forwarded needs no write, one reported on meanwhile keeps its new state. */
const CLAIMABLE = ['pending'];

interface QueueValue {
  content: unknown;
  to: unknown;
  id: unknown;
}

/** An optional list: absent and null are empty (the gateway README allows null), anything else must be an array. */
function list(body: Record<string, unknown>, key: string): unknown[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  // the reference answers 500 for a non-array (and for null messages); this is the client's mistake
  if (!Array.isArray(value)) throw new BadRequestError(`Invalid ${key}: expected an array`);
  return value;
}

/** Is cht-gateway the outgoing service? Yes when `sms` is absent, no when `sms` lacks `outgoing_service`. */
export function gatewayEnabled(settings: Record<string, unknown>): boolean {
  if (settings.sms === undefined) return true;
  const sms = settings.sms as { outgoing_service?: unknown } | null;
  return sms?.outgoing_service === 'medic-gateway';
}

/** The cht-gateway exchange of `POST /api/sms` (settings spec §6.2; clients.md §2). */
export class GatewayService {
  constructor(private readonly deps: { couch: Couch; settings: SettingsService; incoming: IncomingMessages; states: MessageStates }) {}

  /** Saves incoming messages, applies status updates, then hands over (and marks) the outgoing queue. */
  async exchange(body: unknown): Promise<{ messages: OutgoingSms[] }> {
    // like the reference, a body without the lists (even a JSON array) is an empty poll
    const record = isRecord(body) ? body : {};
    const messages = list(record, 'messages') as IncomingSms[];
    const updates = list(record, 'updates') as Array<{ id?: unknown; status?: unknown; reason?: unknown }>;
    await this.deps.incoming.receive(messages);
    const changes = updates.filter((u) => u && u.id !== undefined && u.id !== null).map(gatewayUpdateChange);
    if (changes.length) await this.deps.states.update(changes);
    const settings = await this.deps.settings.current();
    return { messages: gatewayEnabled(settings) ? await this.outgoing(settings as PhoneSettings) : [] };
  }

  /**
   * The first 25 pending or forwarded messages by due date, offered on every poll until the gateway
   * reports on them. Read with their docs, handed to `MessageStates` (no second read), which marks only
   * the tasks still `pending` (`onlyFrom`) and writes nothing when none is.
   */
  private async outgoing(phone: PhoneSettings): Promise<OutgoingSms[]> {
    const { rows } = await this.deps.couch.medic.view<unknown, QueueValue | null>('medic', 'messages_by_state', {
      startkey: ['pending-or-forwarded', 0],
      endkey: ['pending-or-forwarded', '\ufff0'],
      limit: GATEWAY_BATCH,
      include_docs: true,
    });
    const queued = rows.filter((r) => r.value && typeof r.value.id === 'string');
    const docs = new Map<string, Doc>();
    for (const row of queued) if (row.doc && !docs.has(row.id)) docs.set(row.id, row.doc);
    // a row whose doc could not be read with it (deleted meanwhile) is not marked: no read of its own
    const toMark = queued.filter((r) => docs.has(r.id));
    if (toMark.length) {
      await this.deps.states.update(
        toMark.map((r) => ({ messageId: (r.value as QueueValue).id as string, docId: r.id, state: CLAIM_STATE, onlyFrom: CLAIMABLE })),
        docs,
      );
    }
    return queued.map((r) => {
      const { id, to, content } = r.value as QueueValue;
      return { id, to: normalizePhone(phone, to) ?? to, content };
    });
  }
}
