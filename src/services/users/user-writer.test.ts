import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { ConflictError, ForbiddenError, ServiceUnavailableError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { uniqueName } from '../../../test/helpers/users.js';
import { UserWriter, type UserWriteInput } from './user-writer.js';

type WriteMethod = 'put' | 'bulk';

/**
 * The real database handle whose next `method` call fails with a 503 (no answer): after the real call
 * wrote (`wrote: true`) or without making it. `meanwhile` runs first: another request's real write.
 * Later calls (the undo among them) are the real ones.
 */
function failingOnce(real: CouchDb, method: WriteMethod, step: { wrote: boolean; meanwhile?: () => Promise<unknown> }): CouchDb {
  let failed = false;
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== method) return Reflect.get(target, prop, receiver) as unknown;
      return async (...args: unknown[]) => {
        const call = () => (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (failed) return call();
        failed = true;
        await step.meanwhile?.();
        if (step.wrote) await call();
        throw new ServiceUnavailableError('The database is unreachable; try again shortly');
      };
    },
  });
}

/** The real database handle that must not be read back (`getMany`) after the write. */
function noReadBack(real: CouchDb): CouchDb {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'getMany') return async () => assert.fail('no read-back expected');
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

describe('UserWriter: undoing a failed write (on the real store)', () => {
  let t: TestServer;
  let users: CouchDb;
  let medic: CouchDb;

  before(async () => {
    t = await startTestServer();
    ({ users, medic } = t.server.services.couch);
  });
  after(() => t.stop());

  /** A writer over these handles, and what it logged at warn and error level. */
  const setup = (dbs: { users?: CouchDb; medic?: CouchDb } = {}) => {
    const logged: Array<{ level: string; obj: unknown; msg: string }> = [];
    const logger = {
      warn: (obj: unknown, msg: string) => logged.push({ level: 'warn', obj, msg }),
      error: (obj: unknown, msg: string) => logged.push({ level: 'error', obj, msg }),
    } as unknown as Logger;
    return { logged, writer: new UserWriter({ users: dbs.users ?? users, medic: dbs.medic ?? medic, logger }) };
  };

  /** A fresh user name (the `_users` database is shared) and the docs of its create. */
  const newUser = () => {
    const name = uniqueName('writer');
    const id = `org.couchdb.user:${name}`;
    return {
      name,
      id,
      userDoc: (): Doc => ({ _id: id, name, type: 'user', roles: ['chw'], password: 'Secret-pass-42' }),
      settingsDoc: (): Doc => ({ _id: id, name, type: 'user-settings', roles: ['chw'] }),
    };
  };

  /** Stores docs for real; returns them as stored (with their revs). */
  const store = async (db: CouchDb, docs: Doc[]): Promise<Doc[]> => {
    for (const doc of docs) await db.put(doc);
    return Promise.all(docs.map(async (d) => (await db.get(d._id)) as Doc));
  };
  /** A person with the `user_for_contact.create` flag, stored; and its re-save without it. */
  const storedContact = async (): Promise<{ v1: Doc; v2: () => Doc }> => {
    const [v1] = (await store(medic, [{ _id: uniqueName('person'), type: 'person', name: 'P', user_for_contact: { create: true } }])) as [Doc];
    return { v1, v2: () => ({ ...v1, user_for_contact: {} }) };
  };
  const isTombstone = async (db: CouchDb, id: string) => (await db.allDocs({ keys: [id] })).rows[0]?.value?.deleted === true;

  it('a _bulk_docs that failed after writing: its docs are read back and undone (new deleted, updated restored), the _users doc too', async () => {
    const u = newUser();
    const contact = await storedContact();
    const { writer } = setup({ medic: failingOnce(medic, 'bulk', { wrote: true }) });
    const err = await writer
      .write({ userDoc: u.userDoc(), medicDocs: [contact.v2(), u.settingsDoc()], originals: new Map([[contact.v1._id, contact.v1]]) })
      .catch((e: Error) => e);
    assert.ok(err instanceof ServiceUnavailableError);
    assert.ok(await isTombstone(medic, u.id), 'user-settings deleted');
    const restored = await medic.get(contact.v1._id);
    assert.deepEqual(restored?.user_for_contact, { create: true }, 'contact restored');
    assert.match(restored?._rev ?? '', /^3-/);
    assert.ok(await isTombstone(users, u.id), '_users doc deleted');
  });

  it('a doc someone else wrote meanwhile is left as it is, and logged without secrets', async () => {
    const u = newUser();
    const contact = await storedContact();
    // the bulk write fails without writing; meanwhile another request created the settings doc and changed the contact
    const meanwhile = () => store(medic, [{ ...u.settingsDoc(), fullname: 'Theirs' }, { ...contact.v1, name: 'Renamed' }]);
    const { logged, writer } = setup({ medic: failingOnce(medic, 'bulk', { wrote: false, meanwhile }) });
    await assert.rejects(
      writer.write({ userDoc: u.userDoc(), medicDocs: [contact.v2(), u.settingsDoc()], originals: new Map([[contact.v1._id, contact.v1]]) }),
    );
    const [settings, person] = [await medic.get(u.id), await medic.get(contact.v1._id)];
    assert.equal(settings?.fullname, 'Theirs');
    assert.match(settings?._rev ?? '', /^1-/);
    assert.equal(person?.name, 'Renamed');
    assert.match(person?._rev ?? '', /^2-/);
    assert.ok(await isTombstone(users, u.id), 'our own _users write is still undone');
    const warning = logged.find((l) => l.level === 'warn');
    assert.deepEqual((warning?.obj as { docs: string[] }).docs, [contact.v1._id, u.id]);
    assert.ok(!JSON.stringify(logged).includes('Secret-pass-42'));
  });

  it('the same body at the same generation from someone else (an identical write) counts as ours; a changed one does not', async () => {
    const u = newUser();
    const tokenId = `token:login:${uniqueName('abc')}`;
    const meanwhile = () => store(medic, [u.settingsDoc(), { _id: tokenId, type: 'token_login', user: u.id, extra: true }]);
    const { writer } = setup({ medic: failingOnce(medic, 'bulk', { wrote: false, meanwhile }) });
    await assert.rejects(writer.write({ userDoc: u.userDoc(), medicDocs: [u.settingsDoc(), { _id: tokenId, type: 'token_login', user: u.id }] }));
    assert.ok(await isTombstone(medic, u.id));
    assert.equal((await medic.get(tokenId))?.extra, true, 'the changed one is left');
  });

  it('a _users PUT that failed after writing (503): the stored doc, hashed and without password, is ours and undone with the main-database docs', async () => {
    const u = newUser();
    const { logged, writer } = setup({ users: failingOnce(users, 'put', { wrote: true }) });
    const err = await writer.write({ userDoc: u.userDoc(), medicDocs: [u.settingsDoc()] }).catch((e: Error) => e);
    assert.ok(err instanceof ServiceUnavailableError);
    assert.ok(await isTombstone(users, u.id));
    assert.ok(await isTombstone(medic, u.id));
    assert.deepEqual(logged, []);
  });

  /** A stored `_users` doc (hashed by the store) and its stored settings doc, and the input of an update of both. */
  const storedUser = async () => {
    const u = newUser();
    const [original] = (await store(users, [{ ...u.userDoc(), password: 'Old-pass-42' }])) as [Doc];
    const [settings] = (await store(medic, [u.settingsDoc()])) as [Doc];
    const input = (): UserWriteInput => ({
      userDoc: { ...original, roles: ['supervisor'], password: 'New-pass-42' },
      userOriginal: original,
      medicDocs: [{ ...settings, roles: ['supervisor'] }],
      originals: new Map([[u.id, settings]]),
    });
    return { u, original, input };
  };

  it('an update whose _users PUT failed after writing: the original is restored, hash included', async () => {
    const { u, original, input } = await storedUser();
    assert.equal(typeof original.derived_key, 'string', 'the store hashed the password');
    const { logged, writer } = setup({ users: failingOnce(users, 'put', { wrote: true }) });
    await assert.rejects(writer.write(input()));
    const restored = await users.get(u.id);
    assert.deepEqual(restored?.roles, ['chw']);
    assert.equal(restored?.derived_key, original.derived_key);
    assert.match(restored?._rev ?? '', /^3-/);
    assert.deepEqual((await medic.get(u.id))?.roles, ['chw']);
    assert.deepEqual(logged, []);
  });

  it("an update whose _users PUT failed: someone else's newer _users doc is left, our settings write undone", async () => {
    const { u, original, input } = await storedUser();
    const meanwhile = () => users.put({ ...original, roles: ['theirs'] });
    const { writer } = setup({ users: failingOnce(users, 'put', { wrote: false, meanwhile }) });
    await assert.rejects(writer.write(input()));
    assert.deepEqual((await users.get(u.id))?.roles, ['theirs']);
    assert.deepEqual((await medic.get(u.id))?.roles, ['chw'], 'our settings write is undone');
  });

  it('a doc sent with a _rev and no recorded original is never made a tombstone: logged (loggable id) and left', async () => {
    const u = newUser();
    const tokenId = `token:login:${uniqueName('abc')}`;
    const [person, token] = (await store(medic, [
      { _id: uniqueName('person'), type: 'person', name: 'P' },
      { _id: tokenId, type: 'token_login', user: u.id },
    ])) as [Doc, Doc];
    // the _users PUT is refused (a real 409: the name is taken); the main-database write goes through
    await store(users, [{ _id: u.id, name: u.name, type: 'user', roles: [] }]);
    const { logged, writer } = setup();
    await assert.rejects(
      writer.write({ userDoc: u.userDoc(), medicDocs: [{ ...person, name: 'Overwritten' }, { ...token, extra: 1 }, u.settingsDoc()] }),
      (err) => err instanceof ConflictError,
    );
    assert.equal((await medic.get(person._id))?.name, 'Overwritten', 'the existing person is not deleted');
    assert.equal((await medic.get(tokenId))?.extra, 1, 'the existing token doc is not deleted');
    assert.ok(await isTombstone(medic, u.id), 'the new settings doc is still undone');
    const error = logged.find((l) => l.level === 'error');
    assert.deepEqual((error?.obj as { docs: string[] }).docs, [person._id, 'token:login:[redacted]']);
    assert.ok(!JSON.stringify(logged).includes(tokenId));
  });

  it('a 409 on the _users doc wrote nothing there: no look, the conflict error of the caller', async () => {
    const u = newUser();
    const [theirs] = (await store(users, [{ _id: u.id, name: u.name, type: 'user', roles: [] }])) as [Doc];
    const { logged, writer } = setup({ users: noReadBack(users) });
    const taken = new Error('taken');
    await assert.rejects(writer.write({ userDoc: u.userDoc(), medicDocs: [u.settingsDoc()], conflict: { ids: [u.id], error: () => taken } }), taken);
    assert.equal((await users.get(u.id))?._rev, theirs._rev);
    assert.ok(await isTombstone(medic, u.id));
    assert.deepEqual(logged, []);
  });

  it('a 403 from _users (its validation refused the doc) wrote nothing: no look, no warning, the main-database docs undone', async () => {
    const u = newUser();
    const { logged, writer } = setup({ users: noReadBack(users) });
    // `_users` refuses a doc whose name is not the one of its id
    const err = await writer.write({ userDoc: { ...u.userDoc(), name: `${u.name}-other` }, medicDocs: [u.settingsDoc()] }).catch((e: Error) => e);
    assert.ok(err instanceof ForbiddenError, String(err));
    assert.equal(await users.get(u.id), undefined);
    assert.ok(await isTombstone(medic, u.id));
    assert.deepEqual(logged, []);
  });

  it('a _bulk_docs CouchDB refused (a 4xx) wrote nothing: no look, the _users doc undone', async () => {
    const u = newUser();
    const refusing = new Proxy(noReadBack(medic), {
      get(target, prop, receiver) {
        if (prop === 'bulk') return async () => Promise.reject(new ForbiddenError('refused'));
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const { logged, writer } = setup({ medic: refusing });
    await assert.rejects(writer.write({ userDoc: u.userDoc(), medicDocs: [u.settingsDoc()] }), (err) => err instanceof ForbiddenError);
    assert.equal(await medic.get(u.id), undefined);
    assert.ok(await isTombstone(users, u.id));
    assert.deepEqual(logged, []);
  });
});
