/**
 * Loads the project's CouchDB design documents from the top-level `ddocs/` folder:
 * `ddocs/<database>/<ddoc>/views/<view>/{map,reduce}.js` and `ddocs/<database>/<ddoc>/validate_doc_update.js`.
 * The JS sources are data for CouchDB; this module only reads them and shapes the ddoc JSON.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRecord } from '../domain/objects.js';

/** The CHT release whose wire format this server speaks; clients read it from the ddocs. */
export const BUILD_VERSION = '5.2.0';
/** Fixed so the stored `_design/medic` stays byte-stable across restarts (idempotent bootstrap). */
export const BUILD_TIME = '2025-01-01T00:00:00.000Z';

export const DATABASE_KEYS = ['medic', 'sentinel', 'users-meta', 'logs', 'users'] as const;
export type DatabaseKey = (typeof DATABASE_KEYS)[number];

export interface ViewSource {
  map: string;
  reduce?: string;
}

export interface BuildInfo {
  application: string;
  namespace: string;
  version: string;
  base_version: string;
  schema_version: number;
  time: string;
  author: string;
}

export interface DesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  views: Record<string, ViewSource>;
  validate_doc_update?: string;
  build_info?: BuildInfo;
  version?: string;
  deploy_info?: { version: string; [key: string]: unknown };
}

export type DesignDocSet = Record<DatabaseKey, DesignDoc[]>;

const BUILD_INFO: BuildInfo = {
  application: 'medic',
  namespace: 'medic',
  version: BUILD_VERSION,
  base_version: BUILD_VERSION,
  schema_version: 1,
  time: BUILD_TIME,
  author: 'cht-api-ts',
};

/** The `ddocs/` folder next to `src/` (tsx) or next to `dist/` (compiled build). */
export function defaultDdocsRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../ddocs'), path.resolve(here, '../../../ddocs')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

async function readSource(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (!text) throw new Error(`Design doc source is empty: ${file}`);
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function readViews(viewsDir: string): Promise<Record<string, ViewSource>> {
  const views: Record<string, ViewSource> = {};
  if (!existsSync(viewsDir)) return views;
  for (const name of await subdirectories(viewsDir)) {
    const map = await readSource(path.join(viewsDir, name, 'map.js'));
    if (map === undefined) throw new Error(`View ${viewsDir}/${name} has no map.js`);
    const reduce = await readSource(path.join(viewsDir, name, 'reduce.js'));
    views[name] = reduce === undefined ? { map } : { map, reduce };
  }
  return views;
}

/** Build metadata clients read: cht-conf falls back to `_design/medic-client` `.deploy_info.version`. */
function withBuildInfo(ddoc: DesignDoc): DesignDoc {
  if (ddoc._id === '_design/medic') {
    return { ...ddoc, build_info: { ...BUILD_INFO }, version: BUILD_VERSION };
  }
  if (ddoc._id === '_design/medic-client') {
    return { ...ddoc, deploy_info: { version: BUILD_VERSION } };
  }
  return ddoc;
}

async function readDesignDoc(dir: string, name: string): Promise<DesignDoc> {
  const ddoc: DesignDoc = {
    _id: `_design/${name}`,
    language: 'javascript',
    views: await readViews(path.join(dir, 'views')),
  };
  const vdu = await readSource(path.join(dir, 'validate_doc_update.js'));
  if (vdu !== undefined) ddoc.validate_doc_update = vdu;
  return withBuildInfo(ddoc);
}

async function readAll(root: string): Promise<DesignDocSet> {
  const found = await subdirectories(root);
  const unknown = found.filter((name) => !(DATABASE_KEYS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`Unknown database folder(s) in ${root}: ${unknown.join(', ')}`);
  const set = {} as DesignDocSet;
  for (const db of DATABASE_KEYS) {
    const dbDir = path.join(root, db);
    const names = existsSync(dbDir) ? await subdirectories(dbDir) : [];
    set[db] = await Promise.all(names.map((name) => readDesignDoc(path.join(dbDir, name), name)));
  }
  return set;
}

const cache = new Map<string, Promise<DesignDocSet>>();

/**
 * Reads the folder once per root (later calls reuse the first read) and returns a fresh copy,
 * so callers may add `_rev` or otherwise mutate the result.
 */
export async function loadDesignDocs(rootDir: string = defaultDdocsRoot()): Promise<DesignDocSet> {
  const root = path.resolve(rootDir);
  let pending = cache.get(root);
  if (!pending) {
    pending = readAll(root);
    cache.set(root, pending);
    pending.catch(() => cache.delete(root));
  }
  return structuredClone(await pending);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
  return keys.length === otherKeys.length && keys.every((k) => sameJson(a[k], b[k]));
}

function sameViews(stored: unknown, wanted: Record<string, ViewSource>): boolean {
  if (!isRecord(stored)) return false;
  const names = Object.keys(wanted);
  if (Object.keys(stored).length !== names.length) return false;
  return names.every((name) => {
    const view = stored[name];
    const want = wanted[name]!;
    return isRecord(view) && view.map === want.map && view.reduce === want.reduce;
  });
}

/**
 * True when a stored ddoc already matches what we want to install, comparing only the fields
 * this project owns (views, validate_doc_update, language, build_info, version, deploy_info.version).
 * Other fields a stored ddoc may carry (`_rev`, upgrade `deploy_info` extras, ...) are ignored.
 */
export function designDocsEqual(stored: unknown, wanted: DesignDoc): boolean {
  if (!isRecord(stored) || stored._id !== wanted._id) return false;
  // CouchDB treats a missing language as javascript
  if ((stored.language ?? 'javascript') !== wanted.language) return false;
  if (!sameViews(stored.views, wanted.views)) return false;
  if (stored.validate_doc_update !== wanted.validate_doc_update) return false;
  if (wanted.build_info !== undefined && !sameJson(stored.build_info, wanted.build_info)) return false;
  if (wanted.version !== undefined && stored.version !== wanted.version) return false;
  if (wanted.deploy_info !== undefined) {
    const deployInfo = stored.deploy_info;
    if (!isRecord(deployInfo) || deployInfo.version !== wanted.deploy_info.version) return false;
  }
  return true;
}
