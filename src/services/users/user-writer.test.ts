import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BulkResult, Doc, WriteResult } from '../../db/types.js';
import { ConflictError, ServiceUnavailableError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { UserWriter, type UserStore } from './user-writer.js';

/**
 * A small stand-in for one database, enough for the undo paths: revs, 409s, and the next write failing
 * after it wrote (`failAfterWrite`), with someone else's write just before it (`before`). `hashes` plays `_users`.
 */
class FakeDb implements UserStore {
  readonly docs = new Map<string, Doc>();
  failAfterWrite: Error | undefined;
  before: (() => void) | undefined;

  constructor(private readonly hashes = false) {}

  store(doc: Doc): BulkResult {
    const current = this.docs.get(doc._id);
    if ((current?._rev ?? undefined) !== doc._rev && !(current?._deleted && !doc._rev)) return { id: doc._id, error: 'conflict' };
    const generation = Number.parseInt(doc._rev ?? '0', 10) + 1;
    const { password, ...body } = doc;
    const hashed = this.hashes && password ? { password_scheme: 'pbkdf2', iterations: 10, derived_key: 'k', salt: 's' } : {};
    const rev = `${generation}-${Math.random().toString(16).slice(2, 10)}`;
    this.docs.set(doc._id, { ...body, ...hashed, _rev: rev });
    return { id: doc._id, ok: true, rev };
  }

  async put(doc: Doc): Promise<WriteResult> {
    const [row] = this.write([doc]);
    if (row?.error) throw new ConflictError();
    return { ok: true, id: doc._id, rev: row?.rev as string };
  }

  async bulk(docs: Doc[]): Promise<BulkResult[]> {
    return this.write(docs);
  }

  private write(docs: Doc[]): BulkResult[] {
    const [before, failure] = [this.before, this.failAfterWrite];
    this.before = this.failAfterWrite = undefined;
    before?.();
    const rows = docs.map((d) => this.store(d));
    if (failure) throw failure;
    return rows;
  }

  async getMany(ids: readonly string[]): Promise<Array<Doc | undefined>> {
    return ids.map((id) => {
      const doc = this.docs.get(id);
      return doc && !doc._deleted ? structuredClone(doc) : undefined;
    });
  }
}

function setup() {
  const users = new FakeDb(true);
  const medic = new FakeDb();
  const logged: Array<{ level: string; obj: unknown; msg: string }> = [];
  const logger = {
    warn: (obj: unknown, msg: string) => logged.push({ level: 'warn', obj, msg }),
    error: (obj: unknown, msg: string) => logged.push({ level: 'error', obj, msg }),
  } as unknown as Logger;
  return { users, medic, logged, writer: new UserWriter({ users, medic, logger }) };
}

const USER_ID = 'org.couchdb.user:ann';
const userDoc = (): Doc => ({ _id: USER_ID, name: 'ann', type: 'user', roles: ['chw'], password: 'Secret-pass-42' });
const settingsDoc = (): Doc => ({ _id: USER_ID, name: 'ann', type: 'user-settings', roles: ['chw'] });
const contactV1: Doc = { _id: 'p1', _rev: '1-a', type: 'person', name: 'P', user_for_contact: { create: true } };
const contactV2 = (): Doc => ({ ...contactV1, user_for_contact: {} });
const unavailable = () => new ServiceUnavailableError('The database is unreachable; try again shortly');

describe('UserWriter: undoing a failed write', () => {
  it('a _bulk_docs that failed after writing: its docs are read back and undone (new deleted, updated restored), the _users doc too', async () => {
    const { users, medic, writer } = setup();
    medic.docs.set('p1', structuredClone(contactV1));
    medic.failAfterWrite = unavailable();
    const err = await writer
      .write({ userDoc: userDoc(), medicDocs: [contactV2(), settingsDoc()], originals: new Map([['p1', contactV1]]) })
      .catch((e: Error) => e);
    assert.ok(err instanceof ServiceUnavailableError);
    assert.equal(medic.docs.get(USER_ID)?._deleted, true, 'user-settings deleted');
    assert.deepEqual(medic.docs.get('p1')?.user_for_contact, { create: true }, 'contact restored');
    assert.match(medic.docs.get('p1')?._rev ?? '', /^3-/);
    assert.equal(users.docs.get(USER_ID)?._deleted, true, '_users doc deleted');
  });

  it('a doc someone else wrote meanwhile is left as it is, and logged without secrets', async () => {
    const { users, medic, logged, writer } = setup();
    medic.docs.set('p1', structuredClone(contactV1));
    // the bulk write fails without writing; meanwhile another request created the settings doc and changed the contact
    medic.before = () => {
      medic.docs.set(USER_ID, { ...settingsDoc(), fullname: 'Theirs', _rev: '1-someone-else' });
      medic.docs.set('p1', { ...contactV1, name: 'Renamed', _rev: '2-someone-else' });
    };
    medic.failAfterWrite = unavailable();
    await assert.rejects(writer.write({ userDoc: userDoc(), medicDocs: [contactV2(), settingsDoc()], originals: new Map([['p1', contactV1]]) }));
    assert.equal(medic.docs.get(USER_ID)?._rev, '1-someone-else');
    assert.equal(medic.docs.get('p1')?.name, 'Renamed');
    assert.equal(medic.docs.get('p1')?._rev, '2-someone-else');
    assert.equal(users.docs.get(USER_ID)?._deleted, true, 'our own _users write is still undone');
    const warning = logged.find((l) => l.level === 'warn');
    assert.deepEqual((warning?.obj as { docs: string[] }).docs, ['p1', USER_ID]);
    assert.ok(!JSON.stringify(logged).includes('Secret-pass-42'));
  });

  it('the same body at the same generation from someone else (an identical write) counts as ours; a changed one does not', async () => {
    const { medic, writer } = setup();
    medic.before = () => {
      medic.docs.set(USER_ID, { ...settingsDoc(), _rev: '1-theirs' });
      medic.docs.set('token:login:abc', { _id: 'token:login:abc', type: 'token_login', user: USER_ID, extra: true, _rev: '1-theirs' });
    };
    medic.failAfterWrite = unavailable();
    await assert.rejects(writer.write({ userDoc: userDoc(), medicDocs: [settingsDoc(), { _id: 'token:login:abc', type: 'token_login', user: USER_ID }] }));
    assert.equal(medic.docs.get(USER_ID)?._deleted, true);
    assert.equal(medic.docs.get('token:login:abc')?._deleted, undefined);
  });

  it('a _users PUT that failed after writing (503): the stored doc, hashed and without password, is ours and undone with the main-database docs', async () => {
    const { users, medic, logged, writer } = setup();
    users.failAfterWrite = unavailable();
    const err = await writer.write({ userDoc: userDoc(), medicDocs: [settingsDoc()] }).catch((e: Error) => e);
    assert.ok(err instanceof ServiceUnavailableError);
    assert.equal(users.docs.get(USER_ID)?._deleted, true);
    assert.equal(medic.docs.get(USER_ID)?._deleted, true);
    assert.deepEqual(logged, []);
  });

  it('an update whose _users PUT failed after writing: the original is restored; someone else\'s newer doc is left', async () => {
    const { users, medic, writer } = setup();
    const original: Doc = { _id: USER_ID, _rev: '1-a', name: 'ann', type: 'user', roles: ['chw'], derived_key: 'old', salt: 'old' };
    users.docs.set(USER_ID, structuredClone(original));
    medic.docs.set(USER_ID, { ...settingsDoc(), _rev: '1-b' });
    const input = () => ({
      userDoc: { ...original, roles: ['supervisor'], password: 'New-pass-42' },
      userOriginal: original,
      medicDocs: [{ ...settingsDoc(), _rev: '1-b', roles: ['supervisor'] }],
      originals: new Map([[USER_ID, { ...settingsDoc(), _rev: '1-b' }]]),
    });
    users.failAfterWrite = unavailable();
    await assert.rejects(writer.write(input()));
    assert.deepEqual(users.docs.get(USER_ID)?.roles, ['chw']);
    assert.equal(users.docs.get(USER_ID)?.derived_key, 'old');
    assert.deepEqual(medic.docs.get(USER_ID)?.roles, ['chw']);

    const again = setup();
    again.users.docs.set(USER_ID, structuredClone(original));
    again.medic.docs.set(USER_ID, { ...settingsDoc(), _rev: '1-b' });
    again.users.before = () => again.users.docs.set(USER_ID, { ...original, roles: ['theirs'], _rev: '2-someone-else' });
    again.users.failAfterWrite = unavailable();
    await assert.rejects(again.writer.write(input()));
    assert.deepEqual(again.users.docs.get(USER_ID)?.roles, ['theirs']);
    assert.deepEqual(again.medic.docs.get(USER_ID)?.roles, ['chw'], 'our settings write is undone');
  });

  it('a doc sent with a _rev and no recorded original is never made a tombstone: logged (loggable id) and left', async () => {
    const { users, medic, logged, writer } = setup();
    const person: Doc = { _id: 'p1', _rev: '1-a', type: 'person', name: 'P' };
    const token: Doc = { _id: 'token:login:abc', _rev: '1-t', type: 'token_login', user: USER_ID };
    medic.docs.set('p1', structuredClone(person));
    medic.docs.set(token._id, structuredClone(token));
    // the _users PUT is refused (a 409 here); the main-database write went through
    users.docs.set(USER_ID, { _id: USER_ID, _rev: '1-other', name: 'ann', type: 'user' });
    await assert.rejects(writer.write({ userDoc: userDoc(), medicDocs: [{ ...person, name: 'Overwritten' }, { ...token, extra: 1 }, settingsDoc()] }));
    assert.equal(medic.docs.get('p1')?._deleted, undefined, 'the existing person is not deleted');
    assert.equal(medic.docs.get('p1')?.name, 'Overwritten');
    assert.equal(medic.docs.get(token._id)?._deleted, undefined);
    assert.equal(medic.docs.get(USER_ID)?._deleted, true, 'the new settings doc is still undone');
    const error = logged.find((l) => l.level === 'error');
    assert.deepEqual((error?.obj as { docs: string[] }).docs, ['p1', 'token:login:[redacted]']);
  });

  it('a 409 on the _users doc wrote nothing there: no look, the conflict error of the caller', async () => {
    const { users, medic, writer } = setup();
    users.docs.set(USER_ID, { _id: USER_ID, _rev: '1-other', name: 'ann', type: 'user' });
    users.getMany = async () => assert.fail('no look after a 409');
    const taken = new Error('taken');
    await assert.rejects(writer.write({ userDoc: userDoc(), medicDocs: [settingsDoc()], conflict: { ids: [USER_ID], error: () => taken } }), taken);
    assert.equal(users.docs.get(USER_ID)?._rev, '1-other');
    assert.equal(medic.docs.get(USER_ID)?._deleted, true);
  });
});
