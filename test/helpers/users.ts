import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import type { Credentials } from './http-client.js';
import type { TestServer } from './test-server.js';

/** A unique user name: on a real CouchDB `_users` is shared by every test run. */
export function uniqueName(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** Creates a CouchDB user straight in `_users`, as an operator would, and returns its credentials. */
export async function createCouchUser(t: TestServer, roles: string[], name = uniqueName()): Promise<Credentials> {
  const password = `Pw-${randomBytes(8).toString('hex')}!`;
  const res = await t.couch.put(`/_users/org.couchdb.user:${name}`, { json: { _id: `org.couchdb.user:${name}`, name, type: 'user', roles, password } });
  assert.equal(res.status, 201, res.text);
  return { user: name, password };
}

/** An online user holding the default `national_admin` role. */
export function createOnlineUser(t: TestServer): Promise<Credentials> {
  return createCouchUser(t, ['national_admin', 'mm-online']);
}

/** An offline user holding the default `chw` role. */
export function createOfflineUser(t: TestServer): Promise<Credentials> {
  return createCouchUser(t, ['chw']);
}
