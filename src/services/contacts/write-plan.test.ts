import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { ConflictError, ForbiddenError, ServiceUnavailableError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { readDoc, saveDocs } from '../../routes/contacts/contacts.test-helper.js';
import { countingDb } from './counting-db.test-helper.js';
import { WritePlan } from './write-plan.js';

/** A logger that keeps what is logged at error level. */
function recordingLogger(): { logger: Logger; errors: Array<{ obj: unknown; msg: string }> } {
  const errors: Array<{ obj: unknown; msg: string }> = [];
  const logger = { error: (obj: unknown, msg: string) => errors.push({ obj, msg }) } as unknown as Logger;
  return { logger, errors };
}

/** The real database handle with one method replaced (the others, and the replacement's `target`, are the real ones). */
function replacing<K extends keyof CouchDb>(medic: CouchDb, method: K, replacement: (target: CouchDb) => CouchDb[K]): CouchDb {
  return new Proxy(medic, {
    get(target, prop, receiver) {
      return prop === method ? replacement(target) : (Reflect.get(target, prop, receiver) as unknown);
    },
  });
}

describe('WritePlan.execute: a write that fails undoes what the plan wrote before it', () => {
  let t: TestServer;
  let medic: CouchDb;
  const { logger } = recordingLogger();

  before(async () => {
    t = await startTestServer();
    medic = t.server.services.couch.medic;
  });
  after(() => t.stop());

  /** A doc id the plan checked free, then taken by someone else before the plan runs: its write is a 409. */
  const takenMeanwhile = async (plan: WritePlan, id: string): Promise<Doc> => {
    const doc = { _id: await plan.idFor({ _id: id }), type: 'person', name: 'ours' };
    await saveDocs(t, [{ _id: id, type: 'person', name: 'theirs' }]);
    return doc;
  };

  it('docs it created (a re-saved one too) are deleted; the 409 is thrown; the other request’s doc is kept', async () => {
    const plan = new WritePlan(medic, logger);
    const place = { _id: await plan.idFor({}), type: 'clinic', name: 'New' };
    plan.write(place);
    plan.write({ ...place, contact: { _id: 'x' } });
    const other = { _id: await plan.idFor({}), type: 'person', name: 'Created' };
    plan.write(other);
    plan.write(await takenMeanwhile(plan, 'late-1'));
    await assert.rejects(plan.execute(), (err) => err instanceof ConflictError);
    assert.equal(await readDoc(t, place._id), undefined);
    assert.equal(await readDoc(t, other._id), undefined);
    assert.equal((await readDoc(t, 'late-1'))?.name, 'theirs');
  });

  it('a doc it updated is restored to its original body; an update without an original is left', async () => {
    const revs = await saveDocs(t, [{ _id: 'kept', type: 'clinic', name: 'Before' }, { _id: 'no-original', type: 'clinic', name: 'Before' }]);
    const original = (await readDoc(t, 'kept')) as Doc;
    const plan = new WritePlan(medic, logger);
    plan.write({ ...original, name: 'After' }, original);
    plan.write({ _id: 'no-original', _rev: revs['no-original'] as string, type: 'clinic', name: 'After' });
    plan.write(await takenMeanwhile(plan, 'late-2'));
    await assert.rejects(plan.execute(), (err) => err instanceof ConflictError);
    const restored = await readDoc(t, 'kept');
    assert.deepEqual({ ...restored, _rev: undefined }, { ...original, _rev: undefined });
    assert.match(restored?._rev as string, /^3-/);
    assert.equal((await readDoc(t, 'no-original'))?.name, 'After');
  });

  it('a write that failed without an answer but did write is undone too', async () => {
    const flaky = replacing(medic, 'put', (target) => async (doc) => {
      const result = await target.put(doc);
      if (doc._id === 'lost-answer') throw new ServiceUnavailableError();
      return result;
    });
    const plan = new WritePlan(flaky, logger);
    const first = { _id: await plan.idFor({}), type: 'clinic', name: 'First' };
    plan.write(first);
    plan.write({ _id: await plan.idFor({ _id: 'lost-answer' }), type: 'person', name: 'Second' });
    await assert.rejects(plan.execute(), (err) => err instanceof ServiceUnavailableError);
    assert.equal(await readDoc(t, first._id), undefined);
    assert.equal(await readDoc(t, 'lost-answer'), undefined);
  });

  it('a write CouchDB refused (a 4xx) wrote nothing: it is not read back, the writes before it are undone', async () => {
    const counted = countingDb(medic);
    counted.before.put = async ([doc]) => {
      if ((doc as Doc)._id === 'refused') throw new ForbiddenError('validation failed'); // before anything is written
    };
    const plan = new WritePlan(counted.db, logger);
    const first = { _id: await plan.idFor({}), type: 'clinic', name: 'First' };
    plan.write(first);
    plan.write({ _id: await plan.idFor({ _id: 'refused' }), type: 'person', name: 'Second' });
    counted.calls.length = 0;
    await assert.rejects(plan.execute(), (err) => err instanceof ForbiddenError);
    assert.deepEqual(counted.calls.map((c) => c.method), ['put', 'put', 'bulk'], 'no read-back after a refusal, then the undo');
    assert.equal(await readDoc(t, first._id), undefined);
    assert.equal(await readDoc(t, 'refused'), undefined);
  });

  it('an undo that fails is logged with the ids (tokens redacted), and the write\'s own error is thrown', async () => {
    const recorded = recordingLogger();
    const broken = replacing(medic, 'bulk', () => async () => {
      throw new ServiceUnavailableError('The database is unreachable; try again shortly');
    });
    const plan = new WritePlan(broken, recorded.logger);
    const first = { _id: await plan.idFor({}), type: 'clinic', name: 'Stays' };
    plan.write(first);
    plan.write({ _id: await plan.idFor({ _id: 'token:login:secret-token' }), type: 'token_login' });
    plan.write(await takenMeanwhile(plan, 'late-3'));
    await assert.rejects(plan.execute(), (err) => err instanceof ConflictError);
    assert.equal((await readDoc(t, first._id))?.name, 'Stays', 'the undo could not run');
    assert.deepEqual(recorded.errors, [
      {
        obj: {
          docs: [
            { id: first._id, reason: 'The database is unreachable; try again shortly' },
            { id: 'token:login:[redacted]', reason: 'The database is unreachable; try again shortly' },
          ],
        },
        msg: 'Could not undo a failed contacts write',
      },
    ]);
    assert.ok(!JSON.stringify(recorded.errors).includes('secret-token'));
  });

  it('undo rows CouchDB refuses are logged one by one', async () => {
    const recorded = recordingLogger();
    const counted = countingDb(medic);
    const plan = new WritePlan(counted.db, recorded.logger);
    const first = { _id: await plan.idFor({}), type: 'clinic', name: 'Edited meanwhile' };
    plan.write(first);
    plan.write(await takenMeanwhile(plan, 'late-4'));
    // between the plan's two writes, another request edits the first doc: the undo (at the rev the plan gave it) is a 409 row
    counted.before.put = async ([doc]) => {
      if ((doc as Doc)._id === 'late-4') await saveDocs(t, [{ ...(await readDoc(t, first._id)), name: 'Theirs' }]);
    };
    await assert.rejects(plan.execute(), (err) => err instanceof ConflictError);
    assert.equal((await readDoc(t, first._id))?.name, 'Theirs');
    assert.deepEqual(recorded.errors, [{ obj: { docs: [{ id: first._id, reason: 'conflict' }] }, msg: 'Could not undo a failed contacts write' }]);
  });
});
