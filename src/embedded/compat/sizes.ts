import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PouchDatabase, PouchInfo } from '../pouch/pouch-types.js';

/** CouchDB's `sizes` object. PouchDB has none: these are estimates (leveldb folder size on disk). */
export interface Sizes {
  file: number;
  external: number;
  active: number;
}

// Rough bytes per document for the memory adapter, which has no files to measure.
const MEMORY_BYTES_PER_ROW = 512;

async function folderSize(path: string): Promise<number> {
  let total = 0;
  try {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      total += entry.isDirectory() ? await folderSize(full) : (await stat(full)).size;
    }
  } catch {
    return 0;
  }
  return total;
}

function sizesOf(file: number): Sizes {
  return { file, external: file, active: file };
}

/** Size estimate of a database (or a view index database) by its PouchDB location. */
export async function storeSizes(db: PouchDatabase, location: string, rows: number): Promise<Sizes> {
  if (db.__opts.adapter === 'leveldb') return sizesOf(await folderSize((db.__opts.prefix ?? '') + location));
  return sizesOf(rows * MEMORY_BYTES_PER_ROW);
}

export async function dbSizes(db: PouchDatabase, info: PouchInfo): Promise<Sizes> {
  return storeSizes(db, db.name, info.doc_count);
}

/** Same as pouchdb-md5's stringMd5 (latin1 bytes), which names view index databases. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'binary').digest('hex');
}
