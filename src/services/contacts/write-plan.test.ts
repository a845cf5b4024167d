import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { ConflictError, ServiceUnavailableError } from '../../errors.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { readDoc, saveDocs } from '../../routes/contacts/contacts.test-helper.js';
import { WritePlan } from './write-plan.js';

describe('WritePlan.execute: a write that fails undoes what the plan wrote before it', () => {
  let t: TestServer;
  let medic: CouchDb;

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
    const plan = new WritePlan(medic);
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
    const plan = new WritePlan(medic);
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
    const flaky = new Proxy(medic, {
      get(target, prop, receiver) {
        if (prop !== 'put') return Reflect.get(target, prop, receiver) as unknown;
        return async (doc: Doc) => {
          const result = await target.put(doc);
          if (doc._id === 'lost-answer') throw new ServiceUnavailableError();
          return result;
        };
      },
    });
    const plan = new WritePlan(flaky);
    const first = { _id: await plan.idFor({}), type: 'clinic', name: 'First' };
    plan.write(first);
    plan.write({ _id: await plan.idFor({ _id: 'lost-answer' }), type: 'person', name: 'Second' });
    await assert.rejects(plan.execute(), (err) => err instanceof ServiceUnavailableError);
    assert.equal(await readDoc(t, first._id), undefined);
    assert.equal(await readDoc(t, 'lost-answer'), undefined);
  });
});
