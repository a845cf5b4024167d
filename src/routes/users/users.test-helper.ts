/** Test helper for the users routes: strong passwords, unique names, and readers of both user docs. */
import assert from 'node:assert/strict';
import type { Credentials } from '../../../test/helpers/http-client.js';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../test/helpers/test-server.js';
import { uniqueName } from '../../../test/helpers/users.js';
import type { Json } from '../contacts/contacts.test-helper.js';

import { ACCEPT_JSON, hierarchy, saveDocs } from '../contacts/contacts.test-helper.js';

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

/** A test server holding the contacts hierarchy (`hc1`, `c1`, `p-chw`, …) the users tests place users in. */
export async function startUsersServer(options?: TestServerOptions): Promise<TestServer> {
  const t = await startTestServer(options);
  await saveDocs(t, hierarchy());
  return t;
}

/** A keyed validation message as the API sends it (`translationParams` only when given). */
export const keyed = (message: string, translationKey: string, translationParams?: Json) =>
  translationParams ? { message, translationKey, translationParams } : { message, translationKey };

/** An online user without the update permissions (data_entry), made through the API. */
export async function plainUser(t: TestServer): Promise<Credentials> {
  const name = await apiUser(t, { roles: ['data_entry'] });
  return { user: name, password: PASSWORD };
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

/** Token login as the token tests use it: enabled with a help-text key, links on this app URL. */
export const TOKEN_SETTINGS = { token_login: { enabled: true, translation_key: 'login.sms.help' }, app_url: 'https://cht.example.org/' };

/** Turns token login on (Kenyan phone numbers) with an English help text. */
export async function enableTokenLogin(t: TestServer): Promise<void> {
  await updateSettings(t, { ...TOKEN_SETTINGS, default_country_code: 254 });
  await saveDocs(t, [{ _id: 'messages-en', type: 'translations', code: 'en', generic: { 'login.sms.help': 'Hello {{fullname}}, tap the next link to log in.' } }]);
}

let phoneSeq = 100;
/** A new valid Kenyan phone number, in E.164. */
export const nextPhone = () => `+2547120${String(phoneSeq++).padStart(5, '0')}`;

/** Follows a login link the way the page does (through the `/medic` alias). */
export const followToken = (t: TestServer, token: string, headers: Record<string, string> = {}) =>
  t.anonymous.post(`/medic/login/token/${token}`, { json: {}, headers: { ...ACCEPT_JSON, ...headers } });

/** The login token stored on a user's `_users` doc. */
export const tokenOf = async (t: TestServer, name: string) => (await readUser(t, name))?.token_login?.token as string | undefined;

/** A token-login user made through the API; returns its name, phone and token. */
export async function tokenUser(t: TestServer, extra: Json = {}): Promise<{ name: string; phone: string; token: string }> {
  const name = uniqueName();
  const phone = nextPhone();
  const json = { username: name, roles: ['national_admin'], phone: phone.replace('+254', '0'), token_login: true, fullname: 'Tok User', ...extra };
  const res = await t.api.post('/api/v1/users', { json, headers: ACCEPT_JSON });
  assert.equal(res.status, 200, res.text);
  return { name, phone, token: (await tokenOf(t, name)) as string };
}
