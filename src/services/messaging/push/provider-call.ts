/** One HTTP call to an SMS provider, with failures sorted by whether the message may have left. */

/** How long a provider may take to answer one call. */
export const PROVIDER_TIMEOUT_MS = 30_000;

/** Connection failures that happen before a request is written: nothing reached the provider. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export type CallResult =
  | { ok: true; status: number; body: unknown }
  /** The request never reached the provider: safe to try again. */
  | { ok: false; sent: false; reason: string }
  /** The provider may have acted on it (timeout, connection lost mid-way): never repeat it. */
  | { ok: false; sent: 'unknown'; reason: string };

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code;
}

/** Calls the provider; the body is parsed as JSON when it is JSON, else kept as text. */
export async function callProvider(url: string, init: RequestInit): Promise<CallResult> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  } catch (err) {
    const code = errorCode(err) ?? (err as Error)?.name ?? 'unknown';
    return NOT_SENT_CODES.has(code) ? { ok: false, sent: false, reason: code } : { ok: false, sent: 'unknown', reason: code };
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
