/** Message task states and their history (settings spec §6.5, `shared-libs/task-utils`). Pure. */

export interface StateHistoryEntry {
  state: string;
  state_details?: unknown;
  timestamp: string;
}

export interface MessageTask {
  state?: string;
  state_details?: unknown;
  gateway_ref?: unknown;
  state_history?: StateHistoryEntry[];
  messages?: Array<{ uuid?: unknown; to?: unknown; message?: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** A state change for one message: by message uuid, or by the provider's reference. */
export interface StateChange {
  messageId?: string;
  gatewayRef?: unknown;
  state: string;
  details?: unknown;
}

/** The task (in `tasks`, then `scheduled_tasks`) holding the message with this uuid. */
export function findTaskOfMessage(doc: Record<string, unknown>, uuid: string): MessageTask | undefined {
  for (const list of [doc.tasks, doc.scheduled_tasks]) {
    if (!Array.isArray(list)) continue;
    const task = (list as MessageTask[]).find((t) => t && Array.isArray(t.messages) && t.messages.some((m) => m?.uuid === uuid));
    if (task) return task;
  }
  return undefined;
}

/**
 * Sets the state and appends it to the history, unless nothing would change: same state, last
 * history entry in that state, same details (by identity: object details always apply again)
 * and same gateway ref. The ref is always overwritten, so an update without one removes it.
 */
export function setTaskState(task: MessageTask, state: string, details: unknown, gatewayRef: unknown, now: Date): boolean {
  const history = (task.state_history ??= []);
  const last = history[history.length - 1];
  if (
    task.state === state &&
    last?.state === state &&
    (details === undefined || task.state_details === details) &&
    (gatewayRef === undefined || task.gateway_ref === gatewayRef)
  ) {
    return false;
  }
  task.state = state;
  task.state_details = details;
  task.gateway_ref = gatewayRef;
  if (details === undefined) delete task.state_details;
  if (gatewayRef === undefined) delete task.gateway_ref;
  history.push(details === undefined ? { state, timestamp: now.toISOString() } : { state, state_details: details, timestamp: now.toISOString() });
  return true;
}

/** The state a push service gives a message it is about to send: the claim other instances respect. */
export const CLAIM_STATE = 'forwarded-to-gateway';

/** Marks a pending task as being sent; false when it is no longer pending (someone else has it). */
export function claimTask(task: MessageTask, now: Date): boolean {
  return task.state === 'pending' && setTaskState(task, CLAIM_STATE, undefined, undefined, now);
}

/** Gives a claimed task back to the queue (nothing was sent), dropping the claim from its history. */
export function releaseTask(task: MessageTask): boolean {
  if (task.state !== CLAIM_STATE) return false;
  task.state = 'pending';
  const history = task.state_history ?? [];
  if (history[history.length - 1]?.state === CLAIM_STATE) history.pop();
  return true;
}
