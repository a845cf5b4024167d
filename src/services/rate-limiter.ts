import { createHash } from 'node:crypto';

const POINTS = 10;
const WINDOW_MS = 10_000;
const MAX_KEYS = 100_000;

interface Bucket {
  used: number;
  resetAt: number;
}

/**
 * Failed-login limiter (contacts-users §1.2.5): every 401/429 uses one point on each key of the
 * request (client IP, Basic username, Basic password, login body user/password); a key has 10
 * points per 10 s. Keys are hashed, so no password is kept in memory in clear.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when any key has no points left. */
  isLimited(keys: readonly string[]): boolean {
    if (this.buckets.size === 0) return false; // nobody failed lately: skip the hashing
    const now = this.now();
    return keys.some((key) => {
      const bucket = this.buckets.get(hashKey(key));
      return !!bucket && bucket.resetAt > now && bucket.used >= POINTS;
    });
  }

  /** Uses one point on every key. */
  consume(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const id = hashKey(key);
      const bucket = this.buckets.get(id);
      if (bucket && bucket.resetAt > now) {
        bucket.used += 1;
      } else {
        if (this.buckets.size >= MAX_KEYS) this.sweep(now);
        this.buckets.set(id, { used: 1, resetAt: now + WINDOW_MS });
      }
    }
  }

  private sweep(now: number): void {
    for (const [id, bucket] of this.buckets) if (bucket.resetAt <= now) this.buckets.delete(id);
    if (this.buckets.size >= MAX_KEYS) this.buckets.clear();
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64');
}
