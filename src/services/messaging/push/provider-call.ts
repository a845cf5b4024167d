/** One HTTP call to an SMS provider, with failures sorted by whether the message may have left. */
import type { SendResult } from './push-provider.js';

/** How long a provider may take to answer one call. */
export const PROVIDER_TIMEOUT_MS = 30_000;

/** Failures that happen before a request is written: nothing reached the provider. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

export type CallResult =
  | { ok: true; status: number; body: unknown }
  /** The request never reached the provider: safe to try again. */
  | { ok: false; sent: false; reason: string }
  /** The provider may have acted on it (timeout, connection lost mid-way): never repeat it. */
  | { ok: false; sent: 'unknown'; reason: string };

type Failure = Exclude<CallResult, { ok: true }>;

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Why `fetch` threw, and whether the request can have left. Network failures carry a system or
 * undici code (refused and unresolved ones are before any byte is written); a `TypeError` without
 * one is fetch refusing to start (an invalid URL, a blocked port, an unknown scheme). Anything
 * else (a timeout, a reset) may have reached the provider.
 */
export function fetchFailure(err: unknown): Failure {
  const code = errorCode(err);
  if (code) return NOT_SENT_CODES.has(code) ? { ok: false, sent: false, reason: code } : { ok: false, sent: 'unknown', reason: code };
  const cause = (err as { cause?: unknown })?.cause;
  if (err instanceof TypeError) return { ok: false, sent: false, reason: cause instanceof Error ? cause.message : err.message };
  return { ok: false, sent: 'unknown', reason: (err as Error)?.name ?? 'unknown' };
}

/** Calls the provider; the body is parsed as JSON when it is JSON, else kept as text. */
export async function callProvider(url: string, init: RequestInit): Promise<CallResult> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  } catch (err) {
    return fetchFailure(err);
  }
  try {
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { ok: true, status: res.status, body };
  } catch (err) {
    return { ok: false, sent: 'unknown', reason: errorCode(err) ?? 'body lost' };
  }
}

/** The send result of a failed call: back in the queue when nothing left, else left claimed. */
export function failedCall(result: Failure): SendResult {
  return result.sent === false ? { kind: 'retry', reason: result.reason } : { kind: 'unknown', reason: result.reason };
}
