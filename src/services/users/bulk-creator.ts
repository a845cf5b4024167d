import { batchDependencies } from '../../domain/users/batch-order.js';
import { arrayModeError } from '../../domain/users/user-errors.js';
import { isIgnored } from '../../domain/users/users-csv.js';
import type { ErrorMessage } from '../../errors.js';
import type { BatchContext } from './batch-context.js';
import { runBounded } from './bounded-runner.js';
import { loggableUser, type BulkUploadLog, type LogRecord } from './bulk-upload-log.js';
import type { CreateResponse, UserCreator } from './user-creator.js';

/** One element of an array-mode answer: the create answer or `{error}` (contacts-users §2.13.9). */
export type ArrayResult = CreateResponse | { error: ErrorMessage };

/** Users created at once; each waits ~0.3 s for CouchDB's password hash, so a few in flight go several times faster. */
export const BULK_CONCURRENCY = 6;

/**
 * Array and CSV creation (contacts-users §2.13 array mode, §2.14): several users at a time, results
 * in input order, one user's failure never touching another's docs. Users that depend on each other
 * (same name, a doc one creates and another uses) still run in input order (`batchDependencies`).
 */
export class BulkUserCreator {
  constructor(
    private readonly deps: {
      creator: UserCreator;
      /** The shared reads of one request (places read once, names checked in one go). */
      batch: (users: readonly unknown[]) => Promise<BatchContext>;
      concurrency?: number;
      now?: () => Date;
    },
  ) {}

  /** `POST /api/v1/users` with an array: every element gets an answer. */
  async createAll(users: readonly unknown[]): Promise<ArrayResult[]> {
    return this.run(users, () => undefined);
  }

  /**
   * `POST /api/v2/users` with an array or CSV rows: rows marked imported/skipped are logged as
   * `skipped` and left out of the answer; the log doc follows every user, then says `finished`
   * (`failed` when the batch could not run at all).
   */
  async createLogged(users: readonly unknown[], log: BulkUploadLog): Promise<ArrayResult[]> {
    try {
      return await this.runLogged(users, log);
    } catch (err) {
      await log.fail(err);
      throw err;
    }
  }

  private async runLogged(users: readonly unknown[], log: BulkUploadLog): Promise<ArrayResult[]> {
    const records: LogRecord[] = users.map((u) => (isIgnored(u) ? loggableUser(u, 'skipped', ignoreMessage(u)) : loggableUser(u, 'pending')));
    const todo = users.map((user, i) => ({ user, i })).filter(({ user }) => !isIgnored(user));
    const counts = { total: users.length, failed: 0, successful: 0, ignored: users.length - todo.length };
    log.update({ progress: { status: 'saving', saving: { ...counts } }, data: records });
    const results = await this.run(
      todo.map((t) => t.user),
      (k, result) => {
        const i = (todo[k] as { i: number }).i;
        const failed = 'error' in result;
        if (failed) counts.failed++;
        else counts.successful++;
        const message = failed ? errorText(result.error) : `imported on ${(this.deps.now?.() ?? new Date()).toISOString()}`;
        records[i] = loggableUser(users[i], failed ? 'error' : 'imported', message);
        log.update({ progress: { saving: { ...counts } }, data: records });
      },
    );
    log.update({ progress: { status: 'finished', saving: { ...counts } }, data: records });
    await log.flush();
    return results;
  }

  private async run(users: readonly unknown[], onDone: (index: number, result: ArrayResult) => void): Promise<ArrayResult[]> {
    const options = { concurrency: this.deps.concurrency ?? BULK_CONCURRENCY, waitsFor: batchDependencies(users) };
    const batch = await this.deps.batch(users);
    return runBounded(users, options, async (user, i) => {
      let result: ArrayResult;
      try {
        result = await this.deps.creator.create(user, batch);
      } catch (err) {
        result = arrayModeError(err);
      }
      onDone(i, result);
      return result;
    });
  }
}

function ignoreMessage(user: unknown): string | undefined {
  const marker = (user as { import?: { message?: unknown } }).import;
  return typeof marker?.message === 'string' ? marker.message : undefined;
}

function errorText(error: ErrorMessage): string {
  return typeof error === 'string' ? error : error.message;
}
