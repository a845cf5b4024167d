/** The subset of the PouchDB 9 API the embedded store calls directly (PouchDB ships no types). */

export interface PouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  [key: string]: unknown;
}

export interface PouchInfo {
  db_name: string;
  doc_count: number;
  update_seq: number | string;
  [key: string]: unknown;
}

export interface PouchChange {
  id: string;
  seq: number | string;
  changes: { rev: string }[];
  deleted?: boolean;
  doc?: PouchDoc;
}

export interface PouchChangesResult {
  results: PouchChange[];
  last_seq: number | string;
}

/** The object `db.changes()` returns: an event emitter that is also a promise. */
export interface PouchChangesFeed extends Promise<PouchChangesResult> {
  on(event: 'change', listener: (change: PouchChange) => void): PouchChangesFeed;
  on(event: 'complete', listener: (result: PouchChangesResult) => void): PouchChangesFeed;
  on(event: 'error', listener: (err: unknown) => void): PouchChangesFeed;
  cancel(): void;
}

export interface PouchAllDocsResult {
  total_rows: number;
  offset: number;
  rows: { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: PouchDoc }[];
}

export interface PouchDatabase {
  name: string;
  __opts: { prefix?: string; adapter?: string };
  info(): Promise<PouchInfo>;
  get(id: string, opts?: Record<string, unknown>): Promise<PouchDoc>;
  put(doc: PouchDoc, opts?: Record<string, unknown>): Promise<{ ok: boolean; id: string; rev: string }>;
  allDocs(opts?: Record<string, unknown>): Promise<PouchAllDocsResult>;
  changes(opts?: Record<string, unknown>): PouchChangesFeed;
  close(): Promise<void>;
  on(event: 'error', listener: (err: unknown) => void): void;
  once(event: 'destroyed', listener: () => void): void;
}

export interface PouchStatic {
  new (name: string, opts?: Record<string, unknown>): PouchDatabase;
  plugin(plugin: unknown): PouchStatic;
  defaults(opts: Record<string, unknown>): PouchStatic;
  /** Added by express-pouchdb (pouchdb-all-dbs). */
  allDbs(): Promise<string[]>;
  listeners(event: string): ((...args: unknown[]) => void)[];
  removeListener(event: string, listener: (...args: unknown[]) => void): void;
}
