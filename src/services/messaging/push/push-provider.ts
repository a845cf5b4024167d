/** What a push SMS service (Africa's Talking, RapidPro) offers the outgoing loop. */

/** A message taken from the queue. */
export interface QueuedSms {
  uuid: string;
  to: string;
  content: string;
}

/** The result of one send. */
export type SendResult =
  | { kind: 'state'; state: string; details?: string; gatewayRef?: unknown }
  /** Not accepted, nothing sent: back in the queue for the next cycle. */
  | { kind: 'retry'; reason: string }
  /** It may have been sent: left claimed so it is never sent twice. */
  | { kind: 'unknown'; reason: string };

/** A provider, set up from settings and its credential for one cycle. */
export interface PushProvider {
  readonly name: string;
  send(sms: QueuedSms): Promise<SendResult>;
  /** Polls the provider for messages already handed over (RapidPro); absent when it reports by callback. */
  poll?: PushPoller;
}

export interface PushPoller {
  /** The states whose messages are asked about. */
  readonly states: readonly string[];
  /** The current state of a message by its provider ref; `rate-limited` stops polling until the next cycle. */
  status(gatewayRef: unknown): Promise<{ state: string; details: string } | 'rate-limited' | undefined>;
}
