import { loggableDocId } from '../../domain/users/token-login.js';
import type { Couch } from '../../db/couch.js';
import type { Doc } from '../../db/types.js';
import { AppError } from '../../errors.js';
import { findTaskOfMessage, releaseTask, setTaskState, type MessageTask, type StateChange } from '../../domain/sms/task-states.js';
import type { Logger } from '../../logger.js';

/** A change, possibly with the id of the doc holding the message (saves a view lookup). */
export interface LocatedChange extends StateChange {
  docId?: string;
  /** Apply only while the task is in one of these states (a concurrent update wins). */
  onlyFrom?: readonly string[];
}

/** Attempts at saving after the first one, re-reading conflicting docs each time (settings spec §6.5). */
const RETRIES = 3;

/**
 * Applies message task state changes (settings spec §6.5, `updateMessageTaskStates`): resolves
 * provider refs through `medic-sms/messages_by_gateway_ref`, finds docs through
 * `medic-sms/messages_by_uuid`, updates state and history, saves with `_bulk_docs`.
 */
export class MessageStates {
  constructor(private readonly deps: { couch: Couch; logger: Logger; now?: () => Date }) {}

  /**
   * Applies the changes; returns how many changed a task and were saved. Unknown messages are skipped.
   * `known` are docs the caller has just read: the first attempt uses them instead of reading again.
   */
  async update(changes: readonly LocatedChange[], known?: ReadonlyMap<string, Doc>): Promise<number> {
    const now = this.deps.now?.() ?? new Date();
    const located = await this.locate(await this.resolveRefs(changes));
    return this.save(
      located,
      (task, c) => (!c.onlyFrom || c.onlyFrom.includes(task.state ?? '')) && setTaskState(task, c.state, c.details, c.gatewayRef, now),
      known,
    );
  }

  /** Puts messages a push service claimed but could not hand over back in the queue. */
  async release(messages: ReadonlyArray<{ messageId: string; docId: string }>): Promise<number> {
    return this.save(
      messages.map((m) => ({ ...m, state: 'pending' })),
      (task) => releaseTask(task),
    );
  }

  /** Applies each change to its doc and saves, re-reading and re-applying on conflicts. */
  private async save(
    changes: Array<LocatedChange & { docId: string; messageId: string }>,
    applyOne: (task: MessageTask, change: LocatedChange) => boolean,
    known?: ReadonlyMap<string, Doc>,
  ): Promise<number> {
    let pending = changes;
    let docs = await this.fetch(pending, known);
    let saved = 0;
    for (let attempt = 0; attempt <= RETRIES && pending.length; attempt++) {
      const applied = this.apply(pending, docs, applyOne);
      if (!applied.size) return saved;
      const results = await this.deps.couch.medic.bulk([...applied.keys()]);
      const failed = new Set<string>();
      [...applied].forEach(([doc, count], i) => {
        if (results[i]?.ok) saved += count;
        else failed.add(doc._id);
      });
      pending = pending.filter((c) => failed.has(c.docId));
      if (pending.length) docs = await this.fetch(pending);
    }
    if (pending.length) throw new AppError(500, `Failed to save message states of ${pending.map((c) => loggableDocId(c.docId)).join(', ')}`);
    return saved;
  }

  /** Changes to each doc applied in order; the docs that changed, with how many changes each took. */
  private apply(
    changes: Array<LocatedChange & { docId: string; messageId: string }>,
    docs: Map<string, Doc>,
    applyOne: (task: MessageTask, change: LocatedChange) => boolean,
  ): Map<Doc, number> {
    const applied = new Map<Doc, number>();
    for (const change of changes) {
      const doc = docs.get(change.docId);
      const task = doc && findTaskOfMessage(doc, change.messageId);
      if (!doc || !task) {
        this.deps.logger.warn({ messageId: change.messageId }, 'Message not found: state update skipped');
        continue;
      }
      if (applyOne(task, change)) applied.set(doc, (applied.get(doc) ?? 0) + 1);
    }
    return applied;
  }

  /** Changes known only by provider ref get the uuid of every message with that ref. */
  private async resolveRefs(changes: readonly LocatedChange[]): Promise<LocatedChange[]> {
    const refs = [...new Set(changes.filter((c) => !c.messageId && c.gatewayRef != null).map((c) => c.gatewayRef))];
    if (!refs.length) return [...changes];
    const rows = (await this.deps.couch.medic.view<unknown, string | null>('medic-sms', 'messages_by_gateway_ref', { keys: refs })).rows;
    return changes.flatMap((change) => {
      if (change.messageId || change.gatewayRef == null) return [change];
      const uuids = rows.filter((r) => r.key === change.gatewayRef && typeof r.value === 'string').map((r) => r.value as string);
      if (!uuids.length) this.deps.logger.warn({ gatewayRef: change.gatewayRef }, 'No message with this gateway ref: state update skipped');
      return uuids.map((messageId) => ({ ...change, messageId, docId: undefined }));
    });
  }

  /** Attaches the id of the doc holding each message (`medic-sms/messages_by_uuid` for those without one). */
  private async locate(changes: LocatedChange[]): Promise<Array<LocatedChange & { docId: string; messageId: string }>> {
    const unknown = [...new Set(changes.filter((c) => c.messageId && !c.docId).map((c) => c.messageId as string))];
    const docOf = new Map<string, string>();
    if (unknown.length) {
      const rows = (await this.deps.couch.medic.view('medic-sms', 'messages_by_uuid', { keys: unknown })).rows;
      for (const row of rows) if (!docOf.has(row.key as string)) docOf.set(row.key as string, row.id);
    }
    const located: Array<LocatedChange & { docId: string; messageId: string }> = [];
    for (const change of changes) {
      const docId = change.docId ?? (change.messageId ? docOf.get(change.messageId) : undefined);
      if (change.messageId && docId) located.push({ ...change, messageId: change.messageId, docId });
      else this.deps.logger.warn({ messageId: change.messageId }, 'Message not found: state update skipped');
    }
    return located;
  }

  /** The docs of these changes: those in `known` as they are, the others read in one request. */
  private async fetch(changes: ReadonlyArray<{ docId: string }>, known?: ReadonlyMap<string, Doc>): Promise<Map<string, Doc>> {
    const found = new Map(known);
    const ids = [...new Set(changes.map((c) => c.docId))].filter((id) => !found.has(id));
    const docs = ids.length ? await this.deps.couch.medic.getMany(ids) : [];
    for (const doc of docs) if (doc) found.set(doc._id, doc);
    return found;
  }
}
