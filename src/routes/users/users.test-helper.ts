/** Test helper for the users routes: strong passwords, unique names, and readers of both user docs. */
import assert from 'node:assert/strict';
import type { TestServer } from '../../../test/helpers/test-server.js';
import { uniqueName } from '../../../test/helpers/users.js';
import type { Json } from '../contacts/contacts.test-helper.js';

export { ACCEPT_JSON, hierarchy, readDoc, saveDocs, type Json } from '../contacts/contacts.test-helper.js';
export { uniqueName };

/** A password that passes the strength rule. */
export const PASSWORD = 'Secret-pass-42';

/** The CouchDB password-hash fields, whatever the server's hash format (left out of comparisons). */
export const HASH_FIELDS = ['derived_key', 'salt', 'iterations', 'password_scheme', 'pbkdf2_prf'];

/** The `_users` doc of a name, without its hash fields; undefined when missing. */
export async function readUser(t: TestServer, name: string): Promise<Json | undefined> {
  const res = await t.couch.get(`/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`);
  if (res.status !== 200) return undefined;
  const doc = res.json() as Json;
  for (const f of HASH_FIELDS) delete doc[f];
  return doc;
}

/** The user-settings doc of a name; undefined when missing. */
export async function readSettings(t: TestServer, name: string): Promise<Json | undefined> {
  const res = await t.couch.get(`/${t.dbName}/${encodeURIComponent(`org.couchdb.user:${name}`)}`);
  return res.status === 200 ? (res.json() as Json) : undefined;
}

/** Creates a user through the API (asserting success) and returns its name. */
export async function apiUser(t: TestServer, fields: Json): Promise<string> {
  const username = (fields.username as string | undefined) ?? uniqueName();
  const res = await t.api.post('/api/v1/users', { json: { password: PASSWORD, password_change_required: false, ...fields, username } });
  assert.equal(res.status, 200, res.text);
  return username;
}

/** Merges app settings (PUT /api/v1/settings). */
export async function updateSettings(t: TestServer, settings: Json): Promise<void> {
  const res = await t.api.put('/api/v1/settings', { json: settings });
  assert.equal(res.status, 200, res.text);
}

/** Ids of every doc of the main database (to check that a refused request wrote nothing). */
export async function docIds(t: TestServer): Promise<string[]> {
  const res = await t.couch.get(`/${t.dbName}/_all_docs`);
  return (res.json().rows as Array<{ id: string }>).map((r) => r.id);
}

/** Removes the `_users` docs of names (on a real CouchDB `_users` is shared by every run). */
export async function dropUsers(t: TestServer, names: Iterable<string>): Promise<void> {
  for (const name of names) {
    const id = encodeURIComponent(`org.couchdb.user:${name}`);
    const doc = await t.couch.get(`/_users/${id}`);
    if (doc.status === 200) await t.couch.delete(`/_users/${id}?rev=${doc.json()._rev}`);
  }
}
