import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { hierarchy, saveDocs } from '../../routes/contacts/contacts.test-helper.js';
import { countingDb, type CountingDb } from './counting-db.test-helper.js';
import { LineageService } from './lineage-service.js';

describe('LineageService: a fixed number of CouchDB requests, whatever the depth', () => {
  let t: TestServer;
  let counted: CountingDb;
  let lineage: LineageService;

  before(async () => {
    t = await startTestServer();
    const deep = Array.from({ length: 12 }, (_, i) => ({
      _id: `level-${i}`, type: 'contact', contact_type: 'area', name: `Level ${i}`, contact: { _id: `boss-${i}` },
      parent: i ? { _id: `level-${i - 1}` } : undefined,
    }));
    // stored lineages are full chains: level-11 → level-10 → … → level-0
    const chain = (i: number): Record<string, unknown> | undefined => (i < 0 ? undefined : { _id: `level-${i}`, parent: chain(i - 1) });
    for (const doc of deep) doc.parent = chain(Number(doc._id.split('-')[1]) - 1) as never;
    const bosses = deep.map((_, i) => ({ _id: `boss-${i}`, type: 'person', name: `Boss ${i}`, parent: chain(i) }));
    const persons = Array.from({ length: 100 }, (_, i) => ({ _id: `member-${i}`, type: 'person', name: `M${i}`, parent: chain(i % 12) }));
    await saveDocs(t, [...hierarchy(), ...deep, ...bosses, ...persons, { _id: 'lonely', type: 'person', name: 'No parent' }]);
  });
  after(() => t.stop());
  beforeEach(() => {
    counted = countingDb(t.server.services.couch.medic);
    lineage = new LineageService({ medic: counted.db });
  });

  it('a doc with no parent and no contact: one GET', async () => {
    const doc = await lineage.fetchHydratedDoc('lonely');
    assert.equal(doc?.name, 'No parent');
    assert.deepEqual(counted.calls.map((c) => c.method), ['get']);
  });

  it('12 levels: the doc, one _all_docs for the ancestors, one for their contacts', async () => {
    const doc = await lineage.fetchHydratedDoc('boss-11');
    let level = doc?.parent as Record<string, unknown> | undefined;
    for (let i = 11; i >= 0; i--) {
      assert.equal(level?._id, `level-${i}`);
      assert.equal((level?.contact as { name?: string }).name, `Boss ${i}`);
      level = level?.parent as Record<string, unknown> | undefined;
    }
    assert.deepEqual(counted.calls.map((c) => c.method), ['get', 'getMany', 'getMany']);
  });

  it('contacts already fetched are not fetched again', async () => {
    await lineage.fetchHydratedDoc('hc1');
    // hc1's own contact comes with its ancestors; dh1's contact needs one more request
    assert.deepEqual(counted.calls.map((c) => c.method), ['get', 'getMany', 'getMany']);
    assert.deepEqual(counted.calls[1]?.args[0], ['dh1', 'p-chw']);
  });

  it('the ancestors’ contacts seen before come with the ancestors; a stale hint costs a request, not a wrong answer', async () => {
    await lineage.fetchHydratedDoc('p1');
    counted.calls.length = 0;
    const again = await lineage.fetchHydratedDoc('p1');
    assert.deepEqual(counted.calls.map((c) => c.method), ['get', 'getMany'], 'two requests, like the raw floor');
    assert.equal((again?.parent as { contact: { name: string } }).contact.name, 'Patient One');

    const clinic = (await t.couch.get(`/${t.dbName}/c1`)).json();
    await saveDocs(t, [{ ...clinic, contact: { _id: 'c1-boss' } }, { _id: 'c1-boss', type: 'person', name: 'New boss', parent: { _id: 'c1' } }]);
    counted.calls.length = 0;
    const changed = await lineage.fetchHydratedDoc('p1');
    assert.equal((changed?.parent as { contact: { name: string } }).contact.name, 'New boss');
    assert.deepEqual(counted.calls.map((c) => c.method), ['get', 'getMany', 'getMany']);
  });

  it('hydrate of 100 ids: one _all_docs for the docs, one for ancestors, one for contacts', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `member-${i}`);
    const entries = await lineage.hydrateIds(ids);
    assert.equal(entries.length, 100);
    assert.ok(entries.every((e) => 'doc' in e));
    assert.deepEqual(counted.calls.map((c) => c.method), ['getMany', 'getMany', 'getMany']);
  });
});
