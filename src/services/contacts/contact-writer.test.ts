import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Doc } from '../../db/types.js';
import { ConflictError } from '../../errors.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { allDocs, hierarchy, readDoc, saveDocs } from '../../routes/contacts/contacts.test-helper.js';
import { ContactWriter } from './contact-writer.js';
import { countingDb, type CountingDb } from './counting-db.test-helper.js';

describe('ContactWriter: a 409 half-way leaves nothing of the request behind', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
    await saveDocs(t, hierarchy());
  });
  after(() => t.stop());

  /** A writer whose database runs `edit` (a real concurrent write) just before the PUT of `id`. */
  const writerEditing = (id: string, edit: () => Promise<void>): { writer: ContactWriter; counted: CountingDb } => {
    const counted = countingDb(t.server.services.couch.medic);
    counted.before.put = async (args) => {
      if ((args[0] as Doc)._id === id) await edit();
    };
    const { settings, contacts, logger } = t.server.services;
    return { writer: new ContactWriter({ medic: counted.db, settings, reader: contacts.reader, logger }), counted };
  };

  it('updatePlace: the place edited concurrently; the new contact and new parent written before it are deleted', async () => {
    const { writer, counted } = writerEditing('c1', async () => {
      await saveDocs(t, [{ ...(await readDoc(t, 'c1')), name: 'Edited elsewhere' }]);
    });
    const docsBefore = await allDocs(t);
    const update = writer.updatePlace('c1', { contact: { name: 'New boss' }, parent: { name: 'Fresh HC', type: 'health_center', parent: 'dh1' } });
    await assert.rejects(update, (err) => err instanceof ConflictError);
    assert.equal(counted.calls.filter((c) => c.method === 'put').length, 3, 'person, health center, then the place');
    const docsAfter = await allDocs(t);
    assert.deepEqual([...docsAfter.keys()].sort(), [...docsBefore.keys()].sort());
    assert.equal(docsAfter.get('c1')?.name, 'Edited elsewhere', 'the concurrent edit is kept');
  });

  it('createPlace with a new contact whose _id is taken after the check: the place is deleted', async () => {
    const { writer } = writerEditing('late-person', () => saveDocs(t, [{ _id: 'late-person', type: 'person', name: 'Theirs' }]).then(() => undefined));
    const docsBefore = await allDocs(t);
    const create = writer.createPlace({ name: 'Clinic', type: 'clinic', parent: 'hc1', contact: { _id: 'late-person', name: 'Ours' } });
    await assert.rejects(create, (err) => err instanceof ConflictError);
    const docsAfter = await allDocs(t);
    assert.deepEqual([...docsAfter.keys()].sort(), [...docsBefore.keys(), 'late-person'].sort());
    assert.equal(docsAfter.get('late-person')?.name, 'Theirs');
  });
});
