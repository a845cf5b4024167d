import type { DocumentScope, RequestOptions } from 'nano';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { toAppError, isNotFound } from './couch-errors.js';
import type {
  AllDocsRow,
  BulkResult,
  ChangesParams,
  ChangesResponse,
  DbInfo,
  Doc,
  NewDoc,
  SecurityObject,
  ViewParams,
  ViewResponse,
  ViewRow,
  WriteResult,
} from './types.js';

/** Direct HTTP access for the hot read paths: undici's `request` costs well under half of nano's `fetch` per call. */
export interface DirectHttp {
  /** The database URL, e.g. http://127.0.0.1:5984/medic */
  url: string;
  authorization: string;
  dispatcher: Dispatcher;
}

// view and `_all_docs` parameters CouchDB reads as JSON; the others are plain strings
const JSON_PARAMS = new Set(['key', 'keys', 'startkey', 'endkey', 'start_key', 'end_key']);

function queryString(params: Record<string, unknown>): string {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) qs.set(key, JSON_PARAMS.has(key) ? JSON.stringify(value) : String(value));
  }
  const text = qs.toString();
  return text ? `?${text}` : '';
}

/** Do two view rows sit at the same (key, doc id) position? */
function sameRow(a: Pick<ViewRow, 'key' | 'id'>, b: Pick<ViewRow, 'key' | 'id'>): boolean {
  return a.id === b.id && JSON.stringify(a.key) === JSON.stringify(b.key);
}

function docPath(id: string): string {
  const special = /^(_design|_local)\/(.*)$/s.exec(id);
  return special ? `${special[1]}/${encodeURIComponent(special[2] as string)}` : encodeURIComponent(id);
}

/**
 * The narrow view of one CouchDB database that services use. Every failure is an AppError
 * (see couch-errors.ts); a missing document is `undefined`, never an exception.
 */
export class CouchDb<D extends Doc = Doc> {
  constructor(
    readonly name: string,
    private readonly scope: DocumentScope<D>,
    private readonly request: (opts: RequestOptions) => Promise<unknown>,
    private readonly http?: DirectHttp,
  ) {}

  /** GET /{db}/{docid}; undefined on 404. https://docs.couchdb.org/en/stable/api/document/common.html */
  async get(id: string, params?: Record<string, unknown>): Promise<D | undefined> {
    try {
      if (this.http && !params) return await this.direct<D>('GET', `/${docPath(id)}`);
      return (await this.scope.get(id, params)) as unknown as D;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw toAppError(err);
    }
  }

  /** Many docs in one `_all_docs` request, in the order asked; missing or deleted → undefined. */
  async getMany(ids: readonly string[]): Promise<Array<D | undefined>> {
    if (!ids.length) return [];
    const rows = await this.allDocs({ keys: [...ids], include_docs: true });
    return rows.rows.map((row) => (row.doc ? row.doc : undefined));
  }

  /** POST /{db}/_all_docs (keys in the body when given). */
  async allDocs(params: ViewParams): Promise<{ total_rows?: number; offset?: number; rows: AllDocsRow<D>[] }> {
    return this.run(async () => {
      const { keys, ...qs } = params;
      if (this.http) return keys ? this.direct('POST', `/_all_docs${queryString(qs)}`, { keys }) : this.direct('GET', `/_all_docs${queryString(qs)}`);
      if (keys) return (await this.scope.fetch({ keys: keys as string[] }, { ...qs, include_docs: qs.include_docs ?? false } as never)) as never;
      return (await this.scope.list(qs as never)) as never;
    });
  }

  /** PUT (with `_id`) or POST (without) a document. https://docs.couchdb.org/en/stable/api/document/common.html#put--db-docid */
  async put(doc: D | NewDoc): Promise<WriteResult> {
    return this.run(async () => {
      const res = await this.scope.insert(doc as D);
      return { ok: true, id: res.id, rev: res.rev };
    });
  }

  /** POST /{db}/_bulk_docs. https://docs.couchdb.org/en/stable/api/database/bulk-api.html#db-bulk-docs */
  async bulk(docs: Array<D | NewDoc>, options: { new_edits?: boolean } = {}): Promise<BulkResult[]> {
    if (!docs.length) return [];
    return this.run(async () => (await this.scope.bulk({ docs: docs as D[], ...options })) as BulkResult[]);
  }

  /** Query a view. https://docs.couchdb.org/en/stable/api/ddoc/views.html */
  async view<K = unknown, V = unknown>(ddoc: string, view: string, params: ViewParams = {}): Promise<ViewResponse<K, V, D>> {
    return this.run(async () => {
      if (!this.http) return (await this.scope.view(ddoc, view, params as never)) as unknown as ViewResponse<K, V, D>;
      const { keys, ...qs } = params;
      const path = `/_design/${encodeURIComponent(ddoc)}/_view/${encodeURIComponent(view)}${queryString(qs)}`;
      return keys ? this.direct('POST', path, { keys }) : this.direct('GET', path);
    });
  }

  /**
   * Every row of a view range, fetched `pageSize` at a time with key-based paging
   * (`startkey` + `startkey_docid`), so page N costs the same as page 1. One doc may emit the same
   * key many times: rows already read at the resume point's (key, doc id) are skipped by count.
   */
  async *viewRows<K = unknown, V = unknown>(
    ddoc: string,
    view: string,
    params: Omit<ViewParams, 'limit' | 'skip' | 'keys'> = {},
    pageSize = 500,
  ): AsyncGenerator<ViewRow<K, V, D>> {
    const { key, ...rest } = params;
    const base: ViewParams = key === undefined ? rest : { ...rest, startkey: key, endkey: key };
    let resume: { startkey: unknown; startkey_docid: string; skip: number } | undefined;
    for (;;) {
      const page = await this.view<K, V>(ddoc, view, { ...base, ...resume, limit: pageSize + 1, reduce: false });
      const rows = page.rows;
      const more = rows.length > pageSize;
      for (const row of more ? rows.slice(0, pageSize) : rows) yield row;
      if (!more) return;
      const next = rows[pageSize] as ViewRow<K, V, D>;
      let repeats = 0; // rows just read with next's (key, doc id): they sort right before it
      while (repeats < pageSize && sameRow(rows[pageSize - 1 - repeats] as ViewRow, next)) repeats++;
      const carried = resume && repeats === pageSize && sameRow({ key: resume.startkey, id: resume.startkey_docid }, next) ? resume.skip : 0;
      resume = { startkey: next.key, startkey_docid: next.id, skip: carried + repeats };
    }
  }

  /** GET /{db}/_changes (normal or longpoll; POST with `filter=_doc_ids` for `doc_ids`); `signal` cancels a waiting longpoll. */
  async changes(params: ChangesParams = {}, options: { signal?: AbortSignal } = {}): Promise<ChangesResponse<D>> {
    return this.run(async () => {
      const { doc_ids, ...qs } = params;
      // nano passes `signal` on to fetch; its typings lack the field
      const req: RequestOptions & { signal?: AbortSignal } = doc_ids
        ? { db: this.name, path: '_changes', method: 'POST', qs: { ...qs, filter: '_doc_ids' }, body: { doc_ids }, signal: options.signal }
        : { db: this.name, path: '_changes', qs, signal: options.signal };
      return (await this.request(req)) as ChangesResponse<D>;
    });
  }

  /** GET /{db}. */
  async info(): Promise<DbInfo> {
    return this.run(async () => (await this.scope.info()) as unknown as DbInfo);
  }

  async getSecurity(): Promise<SecurityObject> {
    return this.run(async () => (await this.request({ db: this.name, path: '_security' })) as SecurityObject);
  }

  async putSecurity(security: SecurityObject): Promise<void> {
    await this.run(() => this.request({ db: this.name, path: '_security', method: 'PUT', body: security }));
  }


  /** One JSON request on this database; a CouchDB error is thrown in nano's shape (`statusCode`, `error`, `reason`) for couch-errors.ts. */
  private async direct<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const http = this.http as DirectHttp;
    const headers: Record<string, string> = { authorization: http.authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await undiciRequest(`${http.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: http.dispatcher,
    }).catch((err: unknown) => {
      // keep undici's code (UND_ERR_…, ECONNREFUSED) in the message: couch-errors.ts tells outages by it
      const code = (err as { code?: string }).code;
      throw new Error(`${code ?? 'request failed'}: ${(err as Error).message}`, { cause: err });
    });
    const text = await res.body.text();
    const parsed = (text ? JSON.parse(text) : {}) as T & { error?: string; reason?: string };
    if (res.statusCode >= 400) {
      throw Object.assign(new Error(parsed.reason ?? parsed.error ?? `HTTP ${res.statusCode}`), {
        statusCode: res.statusCode,
        error: parsed.error,
        reason: parsed.reason,
      });
    }
    return parsed;
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toAppError(err);
    }
  }
}
