import { loggableDocId } from '../../../domain/users/token-login.js';
import type { Couch } from '../../../db/couch.js';
import type { NewDoc } from '../../../db/types.js';
import { ConflictError } from '../../../errors.js';
import { claimTask, findTaskOfMessage, type MessageTask } from '../../../domain/sms/task-states.js';
import type { Logger } from '../../../logger.js';
import type { CredentialsService } from '../../credentials/credentials-service.js';
import type { SavedRecordsListener } from '../../records/record-saver.js';
import type { SettingsService } from '../../settings-service.js';
import type { LocatedChange, MessageStates } from '../message-states.js';
import { configuredProvider, isPushService } from './configured-provider.js';
import type { PushPoller, PushProvider, QueuedSms, SendResult } from './push-provider.js';

/** Messages read, claimed and sent at a time (settings spec §6.7). */
const BATCH = 25;

export interface OutgoingPushDeps {
  couch: Couch;
  settings: SettingsService;
  credentials: CredentialsService;
  states: MessageStates;
  logger: Logger;
  /** Time between cycles (the reference: 60 s). */
  intervalMs: number;
  /** Africa's Talking base URL instead of the live/sandbox API (tests point it at a fake). */
  africasTalkingUrl?: string;
}

/** What becomes of a claimed task: the states its messages got, or its release when none of them left. */
interface TaskOutcome {
  changes: LocatedChange[];
  release: { messageId: string; docId: string } | undefined;
}

interface QueueRow {
  id: string;
  value: { id?: unknown } | null;
}

/** Does a new record carry a message waiting to go out? */
function hasPendingMessage(doc: NewDoc): boolean {
  return [doc.tasks, doc.scheduled_tasks].some(
    (tasks) => Array.isArray(tasks) && (tasks as MessageTask[]).some((t) => t?.state === 'pending' && Array.isArray(t.messages) && t.messages.length > 0),
  );
}

/**
 * The background sender for push services, Africa's Talking and RapidPro (settings spec §6.7):
 * every cycle it sends the pending queue, then polls RapidPro for the state of what it sent.
 *
 * Never sent twice: before a message goes to the provider its task is moved from `pending` to
 * `forwarded-to-gateway` with a revision-checked write, so of any number of instances (or cycles)
 * only the one whose write succeeds sends it. A task none of whose messages left goes back to
 * `pending`; one with a message whose fate is unknown (timeout, lost connection) stays claimed,
 * never resent; one with a message sent keeps the provider's state.
 */
export class OutgoingPush implements SavedRecordsListener {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly deps: OutgoingPushDeps) {}

  /** Starts the cycles (the first one right away). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops scheduling, lets the running cycle finish its current call, and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Runs a cycle as soon as possible (after the running one). */
  kick(): void {
    if (this.stopped) return;
    if (this.current) this.again = true;
    else this.schedule(0);
  }

  /** New records with pending messages go out now when a push service is configured (the reference's `messaging.send`). */
  recordsSaved(docs: readonly NewDoc[]): void {
    if (this.stopped || !docs.some(hasPendingMessage)) return;
    void this.deps.settings.current().then(
      (settings) => isPushService(settings) && this.kick(),
      () => undefined,
    );
  }

  /** One cycle: send the pending queue, then poll. */
  async runOnce(): Promise<void> {
    const { settings, credentials, logger, africasTalkingUrl } = this.deps;
    const provider = await configuredProvider(await settings.current(), { credentials, logger, africasTalkingUrl });
    if (!provider) return;
    await this.sendPending(provider);
    if (provider.poll && !this.stopped) await this.poll(provider.poll);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.runOnce()
      .catch((err: unknown) => this.deps.logger.error({ err }, 'Outgoing SMS cycle failed'))
      .finally(() => {
        this.current = undefined;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.deps.intervalMs);
      });
    await this.current;
  }

  /** Walks the `pending` queue by due date, a batch at a time (rows released behind the cursor wait for the next cycle). */
  private async sendPending(provider: PushProvider): Promise<void> {
    const rows = this.deps.couch.medic.viewRows<unknown, QueueRow['value']>(
      'medic',
      'messages_by_state',
      { startkey: ['pending', 0], endkey: ['pending', '\ufff0'] },
      BATCH,
    );
    let batch: QueueRow[] = [];
    for await (const row of rows) {
      if (this.stopped) return;
      batch.push(row);
      if (batch.length === BATCH) {
        await this.sendBatch(provider, batch);
        batch = [];
      }
    }
    if (batch.length && !this.stopped) await this.sendBatch(provider, batch);
  }

  private async sendBatch(provider: PushProvider, rows: QueueRow[]): Promise<void> {
    const byDoc = new Map<string, Set<string>>();
    for (const row of rows) {
      if (typeof row.value?.id !== 'string') continue;
      byDoc.set(row.id, (byDoc.get(row.id) ?? new Set()).add(row.value.id));
    }
    const changes: LocatedChange[] = [];
    const released: Array<{ messageId: string; docId: string }> = [];
    for (const [docId, uuids] of byDoc) {
      if (this.stopped) break;
      for (const messages of await this.claim(docId, uuids)) {
        const outcome = await this.sendTask(provider, docId, messages);
        changes.push(...outcome.changes);
        if (outcome.release) released.push(outcome.release);
      }
    }
    if (changes.length) await this.deps.states.update(changes);
    if (released.length) await this.deps.states.release(released);
  }

  /**
   * Sends the messages of one claimed task. The state belongs to the task, so it goes back to the
   * queue only when none of its messages left; otherwise it keeps what the provider said about the
   * others, and the unsent ones are logged, never resent (that would repeat the ones that left).
   */
  private async sendTask(provider: PushProvider, docId: string, messages: QueuedSms[]): Promise<TaskOutcome> {
    const results: Array<[QueuedSms, SendResult]> = [];
    for (const sms of messages) {
      // once a task has begun going out, it is finished even when stopping
      const result: SendResult = this.stopped && !results.length ? { kind: 'retry', reason: 'shutting down' } : await provider.send(sms);
      results.push([sms, result]);
    }
    const allRetry = results.every(([, r]) => r.kind === 'retry');
    const changes: LocatedChange[] = [];
    for (const [sms, result] of results) {
      const log = { messageId: sms.uuid, provider: provider.name };
      if (result.kind === 'state') {
        changes.push({ messageId: sms.uuid, docId, state: result.state, details: result.details, gatewayRef: result.gatewayRef });
      } else if (result.kind === 'retry' && allRetry) {
        this.deps.logger.info({ ...log, reason: result.reason }, 'SMS not sent: back in the queue');
      } else if (result.kind === 'retry') {
        this.deps.logger.warn({ ...log, reason: result.reason }, 'SMS not sent, but its task was handed over: left as it is, never resent');
      } else {
        this.deps.logger.warn({ ...log, reason: result.reason }, 'SMS may have been sent: left forwarded-to-gateway, never resent');
      }
    }
    const first = messages[0];
    return { changes, release: allRetry && first ? { messageId: first.uuid, docId } : undefined };
  }

  /**
   * Claims the pending tasks of these messages in one revision-checked write; returns the messages
   * of each claimed task. A conflict means another instance got there first: nothing to send.
   */
  private async claim(docId: string, uuids: Set<string>): Promise<QueuedSms[][]> {
    const medic = this.deps.couch.medic;
    const doc = await medic.get(docId);
    if (!doc) return [];
    const now = new Date();
    const tasks = new Set<MessageTask>();
    for (const uuid of uuids) {
      const task = findTaskOfMessage(doc, uuid);
      if (task && !tasks.has(task) && claimTask(task, now)) tasks.add(task);
    }
    if (!tasks.size) return [];
    try {
      await medic.put(doc);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      this.deps.logger.debug({ docId: loggableDocId(docId) }, 'Messages claimed by another sender');
      return [];
    }
    return [...tasks].map((task) =>
      (task.messages ?? [])
        .filter((m) => typeof m?.uuid === 'string')
        .map((m) => ({ uuid: m.uuid as string, to: String(m.to ?? ''), content: String(m.message ?? '') })),
    );
  }

  /** Asks the provider once about every message in a non-final state; stops at a rate limit until the next cycle. */
  private async poll(poller: PushPoller): Promise<void> {
    const medic = this.deps.couch.medic;
    const asked = new Set<string>(); // a message moved to a later state this cycle is not asked about again
    for (const state of poller.states) {
      let changes: LocatedChange[] = [];
      const flush = async () => {
        if (changes.length) await this.deps.states.update(changes);
        changes = [];
      };
      for await (const row of medic.viewRows<string, { gateway_ref: unknown; id: string }>('medic-sms', 'gateway_messages_by_state', { key: state }, BATCH)) {
        if (this.stopped) break;
        if (asked.has(row.value.id)) continue;
        asked.add(row.value.id);
        const status = await poller.status(row.value.gateway_ref);
        if (status === 'rate-limited') return flush();
        if (status) changes.push({ messageId: row.value.id, docId: row.id, state: status.state, details: status.details, gatewayRef: row.value.gateway_ref });
        if (changes.length >= BATCH) await flush();
      }
      await flush();
    }
  }
}
