import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { isRecord } from '../../domain/objects.js';
import { isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** One user's line in the log: its data (never the password) and how its import went. */
export type LogRecord = Record<string, unknown> & { import: { status: string; message?: string } };

/** A user as it may be logged: the password (and the reserved import marker) left out. */
export function loggableUser(user: unknown, status: string, message?: string): LogRecord {
  const { password: _secret, import: _marker, ...rest } = isRecord(user) ? user : {};
  return { ...rest, import: message === undefined ? { status } : { status, message } };
}

/**
 * The `bulk-user-upload-<ms>` doc of `<db>-logs` (contacts-users §2.14): `progress` is merged and
 * `data` replaced on every update. Writes run one at a time and coalesce: while one is in flight, later
 * updates only change the state the next write sends. A failed log write is logged, never fatal.
 */
export class BulkUploadLog {
  private writing: Promise<void> | undefined;
  private dirty = false;

  private constructor(
    private readonly deps: { logs: CouchDb; logger: Logger },
    private doc: Doc,
  ) {}

  /** Creates the log doc (`progress.status: initiated`); another upload in the same millisecond moves it on by one. */
  static async start(deps: { logs: CouchDb; logger: Logger }, by: string, now = Date.now()): Promise<BulkUploadLog> {
    for (let ms = now; ; ms++) {
      const doc: Doc = { _id: `bulk-user-upload-${ms}`, bulk_uploaded_by: by, bulk_uploaded_on: new Date(now).toISOString(), progress: { status: 'initiated' }, data: {} };
      try {
        const res = await deps.logs.put(doc);
        return new BulkUploadLog(deps, { ...doc, _rev: res.rev });
      } catch (err) {
        if (!(isAppError(err) && err.status === 409) || ms > now + 1000) throw err;
      }
    }
  }

  get id(): string {
    return this.doc._id;
  }

  /** Merges `progress`, replaces `data` and `error` when given, and schedules a write. */
  update(change: { progress?: Record<string, unknown>; data?: unknown; error?: string }): void {
    const progress = { ...(this.doc.progress as Record<string, unknown>), ...change.progress };
    const { data, error } = change;
    this.doc = { ...this.doc, progress, ...(data === undefined ? {} : { data }), ...(error === undefined ? {} : { error }) };
    this.dirty = true;
    this.writing ??= this.drain();
  }

  /**
   * Ends the log of an upload that failed as a whole (a CSV that does not parse, a failed read before
   * saving) and stores it. `failed` rather than `finished`: the admin UI reads `finished` as "every row
   * was tried", which did not happen; `error` says why.
   */
  async fail(err: unknown): Promise<void> {
    this.update({ progress: { status: 'failed' }, error: isAppError(err) && err.status < 500 ? err.message : 'Server error' });
    await this.flush();
  }

  /** Resolves once every update so far is stored (or failed to be). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          const res = await this.deps.logs.put(this.doc);
          this.doc = { ...this.doc, _rev: res.rev };
        } catch (err) {
          this.deps.logger.warn({ err, log: this.doc._id }, 'Could not update the bulk upload log');
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
