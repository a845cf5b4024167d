/** CouchDB wire types shared by the database layer and services. */

export interface Doc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _attachments?: Record<string, AttachmentStub>;
  [key: string]: unknown;
}

/** A document about to be written; `_id` may be left for CouchDB to assign. */
export type NewDoc = Omit<Doc, '_id'> & { _id?: string };

export interface AttachmentStub {
  content_type: string;
  digest?: string;
  length?: number;
  revpos?: number;
  stub?: boolean;
  data?: string;
}

export interface WriteResult {
  ok: true;
  id: string;
  rev: string;
}

/** One row of a `_bulk_docs` answer: `{ok,id,rev}` or `{id,error,reason}`. */
export interface BulkResult {
  id: string;
  rev?: string;
  ok?: boolean;
  error?: string;
  reason?: string;
}

/** Query options of `_all_docs` and `_view` (https://docs.couchdb.org/en/stable/api/ddoc/views.html). */
export interface ViewParams {
  key?: unknown;
  keys?: unknown[];
  startkey?: unknown;
  endkey?: unknown;
  startkey_docid?: string;
  endkey_docid?: string;
  inclusive_end?: boolean;
  include_docs?: boolean;
  limit?: number;
  skip?: number;
  descending?: boolean;
  reduce?: boolean;
  group?: boolean;
  group_level?: number;
  update?: 'true' | 'false' | 'lazy';
}

export interface ViewRow<K = unknown, V = unknown, D = Doc> {
  id: string;
  key: K;
  value: V;
  doc?: D | null;
}

export interface ViewResponse<K = unknown, V = unknown, D = Doc> {
  total_rows?: number;
  offset?: number;
  rows: ViewRow<K, V, D>[];
}

/** An `_all_docs` row; missing keys give `{key, error:"not_found"}`, deleted docs `value.deleted`. */
export interface AllDocsRow<D = Doc> {
  id?: string;
  key: string;
  value?: { rev: string; deleted?: boolean };
  doc?: D | null;
  error?: string;
}

export interface ChangesParams {
  since?: string | number;
  limit?: number;
  include_docs?: boolean;
  feed?: 'normal' | 'longpoll';
  timeout?: number;
  filter?: string;
  doc_ids?: string[];
  descending?: boolean;
}

export interface ChangesResponse<D = Doc> {
  results: Array<{ id: string; seq: string | number; changes: Array<{ rev: string }>; deleted?: boolean; doc?: D }>;
  last_seq: string | number;
  pending?: number;
}

export interface DbInfo {
  db_name: string;
  doc_count: number;
  doc_del_count: number;
  update_seq: string | number;
  sizes?: { file: number; external: number; active: number };
  [key: string]: unknown;
}

export interface SecurityObject {
  admins?: { names?: string[]; roles?: string[] };
  members?: { names?: string[]; roles?: string[] };
}
