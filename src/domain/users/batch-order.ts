/**
 * Which users of one array or CSV must wait for an earlier one when several are created at once.
 * The reference creates them one after another; running them concurrently must give the same
 * result, so a user waits for every earlier user that creates a doc it creates or reads (same
 * name, a place or contact `_id` given in one row and referenced in another) or that claims the same
 * `oidc_username` (the SSO check reads the `_users` docs written before: §2.13.4). Users that only
 * share an existing parent place do not wait for each other. Nothing else a create checks can be
 * changed by another row: phones need not be unique, and login tokens are random (a clash is a 409).
 * Pure.
 */
import { isRecord } from '../objects.js';

interface Keys {
  writes: Set<string>;
  reads: Set<string>;
}

function placeKeys(value: unknown, keys: Keys, depth = 0): void {
  if (depth > 50) return;
  if (typeof value === 'string' && value) keys.reads.add(`doc:${value}`);
  if (!isRecord(value) && !Array.isArray(value)) return;
  const place = value as Record<string, unknown>;
  if (typeof place._id === 'string') keys[place._rev ? 'reads' : 'writes'].add(`doc:${place._id}`);
  if (place._rev) return;
  placeKeys(place.parent, keys, depth + 1);
  contactKeys(place.contact, keys);
}

/** A contact given by id may be re-saved (`user_for_contact`), so both forms count as writes. */
function contactKeys(value: unknown, keys: Keys): void {
  const id = isRecord(value) ? value._id : value;
  if (typeof id === 'string' && id) keys.writes.add(`doc:${id}`);
  if (isRecord(value) && typeof value.parent === 'string') keys.reads.add(`doc:${value.parent}`);
}

function keysOf(user: unknown): Keys {
  const keys: Keys = { writes: new Set(), reads: new Set() };
  if (!isRecord(user)) return keys;
  if (typeof user.username === 'string') keys.writes.add(`user:${user.username}`);
  if (user.oidc_username) keys.writes.add(`oidc:${JSON.stringify(user.oidc_username)}`);
  if (Array.isArray(user.place)) user.place.forEach((p) => placeKeys(p, keys));
  else placeKeys(user.place, keys);
  contactKeys(user.contact, keys);
  return keys;
}

/** For each user, the indexes of the earlier users it must wait for. */
export function batchDependencies(users: readonly unknown[]): number[][] {
  const lastWriter = new Map<string, number>();
  const readersSince = new Map<string, number[]>();
  return users.map((user, j) => {
    const waits = new Set<number>();
    const { writes, reads } = keysOf(user);
    for (const key of writes) {
      const writer = lastWriter.get(key);
      if (writer !== undefined) waits.add(writer);
      for (const reader of readersSince.get(key) ?? []) waits.add(reader);
      lastWriter.set(key, j);
      readersSince.set(key, []);
    }
    for (const key of reads) {
      if (writes.has(key)) continue;
      const writer = lastWriter.get(key);
      if (writer !== undefined) waits.add(writer);
      readersSince.set(key, [...(readersSince.get(key) ?? []), j]);
    }
    return [...waits].sort((a, b) => a - b);
  });
}
