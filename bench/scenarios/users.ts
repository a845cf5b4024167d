/**
 * Users: 100 creations with a new place and contact (one at a time, then 8 at once), a 100-row CSV
 * import, and the list of 10,000 users. The floor is CouchDB's own cost for the same result: the
 * `_users` doc (CouchDB hashes the password: PBKDF2) and the main-database docs in one `_bulk_docs`
 * per user; for the list, the two `_all_docs` reads the reference makes. Every scenario removes the
 * users it made (both user docs) when it ends: `_users` may be a shared CouchDB's.
 */
import { randomBytes } from 'node:crypto';
import { ids } from '../data.js';
import type { BenchContext, Call, Scenario, Target } from './types.js';

const USERS = 100;
const LIST_USERS = 10_000;
const PASSWORD = 'Bench-pass-42';
/** Unique names across warm-up, measured runs and bench invocations. */
const run = randomBytes(3).toString('hex');
let seq = 0;
const nextName = (kind: string) => `bench-${kind}-${run}-${seq++}`;
const listName = (i: number) => `bench-list-${String(i).padStart(5, '0')}`;
/** The users this invocation created (API and floor), and the list users. */
const isCreatedName = (name: string) => new RegExp(`^bench-[a-z]+-${run}-\\d+$`).test(name);
const isListName = (name: string) => /^bench-list-\d{5}$/.test(name);

/** What a user sends: a chw with a new health center under the first district, and a new contact. */
function userBody(name: string): Record<string, unknown> {
  return {
    username: name,
    password: PASSWORD,
    roles: ['chw'],
    place: { name: `Area of ${name}`, type: 'health_center', parent: ids.district(0) },
    contact: { name: `Contact ${name}` },
  };
}

/** The floor of one user: the docs the API ends up writing, written straight to CouchDB. */
async function floorUser(call: Call, db: string, name: string): Promise<void> {
  const placeId = `${name}-place`;
  const personId = `${name}-person`;
  const lineage = { _id: placeId, parent: { _id: ids.district(0) } };
  const userId = `org.couchdb.user:${name}`;
  await call('PUT', `/_users/${encodeURIComponent(userId)}`, {
    _id: userId, name, type: 'user', roles: ['chw'], password: PASSWORD, password_change_required: true, facility_id: [placeId], contact_id: personId,
  });
  await call('POST', `/${db}/_bulk_docs`, {
    docs: [
      { _id: placeId, name: `Area of ${name}`, type: 'health_center', parent: { _id: ids.district(0) }, reported_date: Date.now(), contact: { _id: personId, parent: lineage } },
      { _id: personId, name: `Contact ${name}`, type: 'person', parent: lineage, reported_date: Date.now() },
      { _id: userId, name, type: 'user-settings', roles: ['chw'], facility_id: [placeId], contact_id: personId },
    ],
  });
}

async function createOne(call: Call): Promise<void> {
  const res = (await call('POST', '/api/v1/users', userBody(nextName('one')))) as { user?: unknown };
  if (!res.user) throw new Error(`not created: ${JSON.stringify(res)}`);
}

function csvOf(rows: number): string {
  const lines = ['username,password,type,place.name,place.type,place.parent,contact.name'];
  for (let i = 0; i < rows; i++) {
    const name = nextName('csv');
    lines.push(`${name},${PASSWORD},chw,Area of ${name},health_center,${ids.district(0)},Contact ${name}`);
  }
  return lines.join('\n');
}

async function importCsv(call: Call): Promise<void> {
  const res = (await call('POST', '/api/v2/users', csvOf(USERS), 'text/csv')) as Array<{ user?: unknown }>;
  const failed = res.filter((r) => !r.user);
  if (failed.length || res.length !== USERS) throw new Error(`${failed.length} of ${res.length} failed: ${JSON.stringify(failed[0])}`);
}

/** 10,000 users and their settings docs through `_bulk_docs` (no password: nothing to hash); the scenario's cleanup removes them. */
async function ensureListUsers(ctx: BenchContext): Promise<void> {
  const headers = { authorization: ctx.auth, 'content-type': 'application/json' };
  const last = await fetch(`${ctx.couchUrl}/_users/${encodeURIComponent(`org.couchdb.user:${listName(LIST_USERS - 1)}`)}`, { headers });
  if (last.status === 200) return;
  for (let start = 0; start < LIST_USERS; start += 1000) {
    const names = Array.from({ length: 1000 }, (_, k) => listName(start + k));
    const facility = (i: number) => ids.clinic((start + i) % 100);
    const users = names.map((name, i) => ({ _id: `org.couchdb.user:${name}`, name, type: 'user', roles: ['chw'], facility_id: [facility(i)], contact_id: ids.person(((start + i) % 100) * 20) }));
    const settings = names.map((name, i) => ({ _id: `org.couchdb.user:${name}`, name, type: 'user-settings', roles: ['chw'], facility_id: [facility(i)], fullname: `User ${name}` }));
    for (const [db, docs] of [['_users', users], [ctx.dbName, settings]] as const) {
      const res = await fetch(`${ctx.couchUrl}/${db}/_bulk_docs`, { method: 'POST', headers, body: JSON.stringify({ docs }) });
      if (res.status !== 201) throw new Error(`${db} _bulk_docs: ${res.status} ${await res.text()}`);
    }
  }
}

/** `POST` JSON to CouchDB as the bench admin; throws on a non-2xx answer. */
async function couchPost<T>(ctx: BenchContext, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${ctx.couchUrl}${path}`, { method: 'POST', headers: { authorization: ctx.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Deletes the docs of these ids that exist in a database (one `_all_docs` and one `_bulk_docs`). */
async function deleteDocs(ctx: BenchContext, db: string, ids: string[]): Promise<void> {
  const { rows } = await couchPost<{ rows: Array<{ id: string; value?: { rev: string; deleted?: boolean } }> }>(ctx, `/${db}/_all_docs`, { keys: ids });
  const docs = rows.filter((r) => r.value && !r.value.deleted).map((r) => ({ _id: r.id, _rev: r.value?.rev, _deleted: true }));
  if (docs.length) await couchPost(ctx, `/${db}/_bulk_docs`, { docs });
}

/** Removes the bench users whose names match from `_users` and their user-settings docs from the main database, a page at a time. */
async function dropBenchUsers(ctx: BenchContext, matches: (name: string) => boolean): Promise<void> {
  const prefix = 'org.couchdb.user:bench-';
  let startkey = prefix;
  for (;;) {
    const range = `startkey=${encodeURIComponent(JSON.stringify(startkey))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}&limit=1000`;
    const res = await fetch(`${ctx.couchUrl}/_users/_all_docs?${range}`, { headers: { authorization: ctx.auth } });
    const { rows } = (await res.json()) as { rows: Array<{ id: string }> };
    const ids = rows.map((r) => r.id).filter((id) => matches(id.slice('org.couchdb.user:'.length)));
    if (ids.length) await Promise.all([deleteDocs(ctx, '_users', ids), deleteDocs(ctx, ctx.dbName, ids)]);
    const last = rows[rows.length - 1];
    if (rows.length < 1000 || !last) return;
    startkey = `${last.id}\u0000`;
  }
}

/** The facilities and contacts of the listed users. */
const LIST_RELATED = Array.from({ length: 100 }, (_, c) => [ids.clinic(c), ids.person(c * 20)]).flat();

const sequence = (fn: (i: number, call: Call) => Promise<void>, amount: number): Target => ({ path: () => '', amount, sequence: fn });

/** The users scenarios: creation one at a time and 8 at once, a CSV import, the 10k-user list. */
export function usersScenarios(ctx: BenchContext): Scenario[] {
  const db = ctx.dbName;
  const create = sequence((_i, call) => createOne(call), USERS);
  const floor = sequence((_i, call) => floorUser(call, db, nextName('floor')), USERS);
  const warmup = sequence((_i, call) => createOne(call), 5);
  const cleanup = (c: BenchContext) => dropBenchUsers(c, isCreatedName);
  return [
    { name: 'users: create with new place + contact, one at a time (100)', connections: 1, api: create, floor, warmup, cleanup },
    { name: 'users: create with new place + contact, 8 at once (100)', connections: 8, api: create, floor, warmup, cleanup },
    {
      name: 'users: CSV import of 100 rows (req/s × 100 = users/s)',
      cleanup,
      connections: 1,
      api: sequence((_i, call) => importCsv(call), 1),
      // the floor of an import: the same 100 users written one after another (PERFORMANCE.md's "sequential" floor)
      floor: sequence(async (_i, call) => {
        for (let k = 0; k < USERS; k++) await floorUser(call, db, nextName('floorcsv'));
      }, 1),
      warmup: sequence((_i, call) => createOne(call), 2),
    },
    {
      name: 'users: GET /api/v2/users, 10k users (streamed)',
      connections: 2,
      warm: ensureListUsers,
      cleanup: (c) => dropBenchUsers(c, isListName),
      api: sequence(async (_i, call) => {
        const users = (await call('GET', '/api/v2/users')) as unknown[];
        if (users.length < LIST_USERS) throw new Error(`only ${users.length} users listed`);
      }, 20),
      // the reference's reads: `_users` and the user-settings range, then the facilities and contacts (here: one page's worth)
      floor: sequence(async (_i, call) => {
        const range = `include_docs=true&startkey=${encodeURIComponent('"org.couchdb.user:"')}&endkey=${encodeURIComponent('"org.couchdb.user:\ufff0"')}`;
        await call('GET', `/_users/_all_docs?${range}`);
        await call('GET', `/${db}/_all_docs?${range}`);
        await call('POST', `/${db}/_all_docs?include_docs=true`, { keys: LIST_RELATED });
      }, 20),
    },
  ];
}
