import type { Couch } from '../db/couch.js';
import type { CouchDb } from '../db/couch-db.js';
import { isConflict } from '../db/couch-errors.js';
import type { DbNames } from '../db/database-names.js';
import type { Doc } from '../db/types.js';
import type { Logger } from '../logger.js';
import { SETTINGS_DOC_ID } from '../services/settings-service.js';
import { designDocsEqual, loadDesignDocs, type DesignDoc, type DesignDocSet } from './ddocs.js';
import { defaultSettings } from './default-settings.js';

/** Which CouchDB database each design-doc folder of `ddocs/` goes to. */
function ddocTargets(names: DbNames): Array<[keyof DesignDocSet, string]> {
  return [
    ['medic', names.medic],
    ['sentinel', names.sentinel],
    ['logs', names.logs],
    ['users-meta', names.usersMeta],
    ['users', names.users],
  ];
}

/**
 * Brings a CouchDB (or the embedded store) to the state the server needs; safe to run on every
 * start and from several instances at once: databases, design documents, default settings,
 * the admin's user-settings doc and Sentinel's checkpoint.
 */
export async function bootstrap(couch: Couch, logger: Logger): Promise<void> {
  const names = couch.names;
  for (const name of [names.users, names.medic, names.sentinel, names.logs, names.usersMeta, names.vault, names.audit]) {
    if (await couch.createDatabase(name)) logger.info({ db: name }, 'Created database');
  }
  const ddocs = await loadDesignDocs();
  for (const [key, dbName] of ddocTargets(names)) {
    for (const ddoc of ddocs[key]) await installDesignDoc(couch.db(dbName), ddoc, logger);
  }
  await createIfMissing(couch.medic, { _id: SETTINGS_DOC_ID, settings: defaultSettings() }, logger);
  await createIfMissing(
    couch.medic,
    {
      _id: `org.couchdb.user:${couch.adminUser}`,
      name: couch.adminUser,
      type: 'user-settings',
      roles: ['_admin'],
      facility_id: [],
    },
    logger,
  );
  await createIfMissing(couch.sentinel, { _id: '_local/transitions-seq', value: '0' }, logger);
}

/**
 * Writes a design doc when it is missing or differs from ours, replacing the stored one whole
 * (as the reference deploys its bundled ddocs); a concurrent writer's 409 is fine.
 */
async function installDesignDoc(db: CouchDb, ddoc: DesignDoc, logger: Logger): Promise<void> {
  const stored = await db.get(ddoc._id);
  if (stored && designDocsEqual(stored, ddoc)) return;
  try {
    await db.put({ ...ddoc, ...(stored?._rev ? { _rev: stored._rev } : {}) });
    logger.info({ db: db.name, ddoc: ddoc._id }, 'Installed design document');
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}

async function createIfMissing(db: CouchDb, doc: Doc, logger: Logger): Promise<void> {
  if (await db.get(doc._id)) return;
  try {
    await db.put(doc);
    logger.info({ db: db.name, id: doc._id }, 'Created document');
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}
