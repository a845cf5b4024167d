import PouchDBCore from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import memoryAdapter from 'pouchdb-adapter-memory';
import find from 'pouchdb-find';
import replication from 'pouchdb-replication';
import { mapReducePlugin } from '../mapreduce/plugin.js';
import { installLatestRevFallback } from './latest-rev.js';
import type { PouchStatic } from './pouch-types.js';

const Base = PouchDBCore as PouchStatic;
let pluginsInstalled = false;

/** pouchdb-core plugins are global to the process: install them once. */
function installPlugins(): void {
  if (pluginsInstalled) return;
  Base.plugin(leveldbAdapter).plugin(memoryAdapter).plugin(httpAdapter).plugin(replication);
  Base.plugin(find).plugin(mapReducePlugin);
  installLatestRevFallback(); // ?latest=true with an unknown rev threw inside LevelDB
  pluginsInstalled = true;
}

/** Re-applies plugins that express-pouchdb would otherwise replace with its own older copies (pouchdb-find 7). */
export function reinstallOwnPlugins(): void {
  Base.plugin(find).plugin(mapReducePlugin);
}

/**
 * A PouchDB constructor for one embedded store: leveldb files under `prefix` (a folder path
 * ending in `/`), or the memory adapter, whose store is keyed by the same prefix so two stores
 * in one process do not share databases.
 */
export function createPouchDB(prefix: string, adapter: 'leveldb' | 'memory'): PouchStatic {
  installPlugins();
  return Base.defaults({ prefix, adapter });
}
