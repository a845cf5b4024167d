import { createHash } from 'node:crypto';
import type { CallerCredentials, Couch, UserCtx } from '../db/couch.js';
import { ServiceUnavailableError } from '../errors.js';

/** An authenticated caller, as CouchDB's `_session` describes them. */
export interface SessionUser {
  name: string;
  roles: string[];
}

interface CacheEntry {
  user: SessionUser;
  expires: number;
}

const MAX_ENTRIES = 10_000;

/** Only the `AuthSession` cookie authenticates; other cookies are neither forwarded nor cached. */
export function authSessionCookie(cookieHeader: string | undefined): string | undefined {
  const match = cookieHeader?.match(/(?:^|;\s*)AuthSession=([^;]*)/);
  return match?.[1] ? `AuthSession=${match[1]}` : undefined;
}

/**
 * Resolves callers through CouchDB `GET /_session` (contacts-users §1.2.1) and keeps verified
 * sessions for a few seconds, keyed by a hash of the credentials (never the credentials).
 * Trade-off: a revoked password or role may still work through /api for up to `ttlMs` on another
 * instance; on this one, user updates and deletions and any `_users` write through the pass-through
 * drop the cached sessions at once.
 */
export class SessionService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly deps: { couch: Couch; ttlMs: number; now?: () => number }) {}

  /** The caller's user, or undefined when CouchDB does not accept the credentials. */
  async resolve(credentials: CallerCredentials): Promise<SessionUser | undefined> {
    const creds: CallerCredentials = {
      authorization: credentials.authorization,
      cookie: authSessionCookie(credentials.cookie),
    };
    if (!creds.authorization && !creds.cookie) return undefined;
    const key = cacheKey(creds);
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.user;
    if (hit) this.cache.delete(key);

    const lookup = await this.deps.couch.lookupSession(creds);
    // any 4xx is CouchDB refusing these credentials (a malformed Basic header is a 400 there)
    if (lookup.status >= 400 && lookup.status < 500) return undefined;
    if (lookup.status !== 200) {
      throw new ServiceUnavailableError(`Session lookup failed with status ${lookup.status}`);
    }
    const user = toSessionUser(lookup.userCtx);
    if (user && this.deps.ttlMs > 0) this.remember(key, user, now);
    return user;
  }

  /** Drops every cached session of a user (password change, role change, deletion). */
  forgetUser(name: string): void {
    for (const [key, entry] of this.cache) if (entry.user.name === name) this.cache.delete(key);
  }

  /** Drops every cached session (a `_users` write went straight through to CouchDB). */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Drops the cached session of these credentials (CouchDB answered 401 for them). */
  forget(credentials: CallerCredentials): void {
    this.cache.delete(cacheKey({ authorization: credentials.authorization, cookie: authSessionCookie(credentials.cookie) }));
  }

  private remember(key: string, user: SessionUser, now: number): void {
    if (this.cache.size >= MAX_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, { user, expires: now + this.deps.ttlMs });
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }
}

function cacheKey(creds: CallerCredentials): string {
  return createHash('sha256').update(`${creds.authorization ?? ''}\n${creds.cookie ?? ''}`).digest('base64');
}

/** CouchDB 200 without a name means no valid credentials (only possible without require_valid_user). */
function toSessionUser(userCtx: UserCtx | undefined): SessionUser | undefined {
  if (!userCtx?.name) return undefined;
  return { name: userCtx.name, roles: Array.isArray(userCtx.roles) ? userCtx.roles : [] };
}
