import { createHash } from 'node:crypto';
import type { Couch } from '../../db/couch.js';
import type { NewDoc } from '../../db/types.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { RecordSaver } from '../records/record-saver.js';
import type { RecordsService } from '../records/records-service.js';

/** An SMS handed over by cht-gateway, Africa's Talking or RapidPro. */
export interface IncomingSms {
  id?: unknown;
  from?: unknown;
  content?: unknown;
}

/**
 * The id of the record of an incoming message: derived from its gateway ref, so two requests
 * racing with the same message (a retrying gateway, two API instances) cannot both save it.
 */
export function incomingRecordId(gatewayRef: unknown): string {
  return createHash('sha256').update(`gateway_ref:${JSON.stringify(gatewayRef)}`).digest('hex').slice(0, 32);
}

/** A message worth saving. */
type CompleteSms = { id: string | number; from: string; content: string };

/** An id, a text and a sender: non-empty strings (the id may be a number). */
function isComplete(m: IncomingSms | null | undefined): m is CompleteSms {
  if (!m || !m.id || !m.content || !m.from) return false;
  // the reference keeps any truthy value; a record needs text (an object became "[object Object]")
  return (typeof m.id === 'string' || typeof m.id === 'number') && typeof m.content === 'string' && typeof m.from === 'string';
}

/** What a dropped message's id may log: ids are the gateway's own, but an object could carry anything. */
function loggableId(id: unknown): unknown {
  return typeof id === 'string' || typeof id === 'number' ? id : typeof id;
}

/** Incoming SMS of every provider become records (settings spec §6.2 step 1). */
export class IncomingMessages {
  constructor(private readonly deps: { couch: Couch; records: RecordsService; saver: RecordSaver; logger: Logger }) {}

  /**
   * Drops messages without `id`, `content` or `from` (or with one that is not text), and those whose
   * id is a known gateway ref (incoming or outgoing) or repeats within the batch; saves the rest.
   * Returns how many were saved.
   */
  async receive(messages: readonly IncomingSms[]): Promise<number> {
    const { logger } = this.deps;
    const seen = new Set<string>();
    const complete = messages.filter((m): m is CompleteSms => {
      if (!isComplete(m)) {
        logger.warn({ id: loggableId(m?.id) }, 'Incoming message lacks id, content or from: dropped');
        return false;
      }
      const key = JSON.stringify(m.id);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const fresh = await this.dropKnown(complete);
    if (!fresh.length) return 0;
    const records = await this.deps.records.smsRecords(fresh.map((m) => ({ from: m.from, message: m.content, gateway_ref: m.id })));
    const docs: NewDoc[] = records.map((doc, i) => ({ _id: incomingRecordId((fresh[i] as CompleteSms).id), ...doc }));
    const results = await this.deps.saver.save(docs);
    const failed = results.filter((r) => !r.ok && r.error !== 'conflict');
    if (failed.length) throw new AppError(500, `Incoming messages not saved: ${failed.map((r) => `${r.id} ${r.error}`).join(', ')}`);
    return results.filter((r) => r.ok).length;
  }

  /** Messages whose id is already a gateway ref in `medic-sms/messages_by_gateway_ref`. */
  private async dropKnown(messages: CompleteSms[]): Promise<CompleteSms[]> {
    if (!messages.length) return [];
    const rows = (await this.deps.couch.medic.view('medic-sms', 'messages_by_gateway_ref', { keys: messages.map((m) => m.id) })).rows;
    const known = new Set(rows.map((r) => JSON.stringify(r.key)));
    return messages.filter((m) => {
      if (!known.has(JSON.stringify(m.id))) return true;
      this.deps.logger.debug({ id: m.id }, 'Incoming message already received: dropped');
      return false;
    });
  }
}
