import { createRequire } from 'node:module';

interface PouchMerge {
  latest(rev: string, metadata: unknown): string;
}

const require = createRequire(import.meta.url);
let installed = false;

/**
 * pouchdb-merge's `latest()` throws when the asked revision is not in the document's revision
 * tree, and pouchdb-adapter-leveldb-core calls it inside a LevelDB callback: one
 * `GET /db/doc?rev=9-x&latest=true` (or `open_revs=[...]&latest=true`, or `_bulk_get?latest=true`)
 * killed the process. An unknown revision now resolves to itself, which the adapter then reports
 * as missing (404 `not_found` "missing", `{"missing": rev}` for open_revs), as CouchDB answers.
 * Patched on the copy the adapter itself requires; idempotent.
 */
export function installLatestRevFallback(): void {
  if (installed) return;
  // pouchdb-adapter-leveldb (and -memory) → pouchdb-adapter-leveldb-core → pouchdb-merge.
  const leveldbRequire = createRequire(require.resolve('pouchdb-adapter-leveldb'));
  const coreRequire = createRequire(leveldbRequire.resolve('pouchdb-adapter-leveldb-core'));
  const merge = coreRequire('pouchdb-merge') as PouchMerge;
  const latest = merge.latest;
  merge.latest = (rev, metadata) => {
    try {
      return latest(rev, metadata);
    } catch {
      return rev;
    }
  };
  installed = true;
}
