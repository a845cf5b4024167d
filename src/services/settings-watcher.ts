import type { Couch } from '../db/couch.js';
import type { Logger } from '../logger.js';
import { SETTINGS_DOC_ID, type SettingsService } from './settings-service.js';

const LONGPOLL_TIMEOUT_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Follows the main database's `_changes` for the settings doc, so every instance reloads settings
 * however they were written (settings spec §1.2 side effects): default permissions are re-applied,
 * configured roles become member roles of the main database, and `Settings updated` is logged.
 */
export class SettingsWatcher {
  private abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly deps: { couch: Couch; settings: SettingsService; logger: Logger }) {}

  /**
   * Applies the stored settings, then follows their changes. The sequence is read before the
   * reload, so a write landing between the reload and the first `_changes` call is still seen.
   */
  async start(): Promise<void> {
    if (this.running) return;
    const { last_seq: since } = await this.deps.couch.medic.changes({ since: 'now', limit: 0 });
    await this.reload();
    this.running ??= this.loop(since);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.running = undefined;
    this.abort = new AbortController();
  }

  private async loop(from: string | number): Promise<void> {
    const { couch, logger } = this.deps;
    let since = from;
    let backoff = 1_000;
    while (!this.abort.signal.aborted) {
      try {
        const res = await couch.medic.changes(
          { feed: 'longpoll', timeout: LONGPOLL_TIMEOUT_MS, since, doc_ids: [SETTINGS_DOC_ID] },
          { signal: this.abort.signal },
        );
        // the checkpoint moves only once the change is applied: a failed reload is retried
        if (res.results.length) await this.reload();
        since = res.last_seq;
        backoff = 1_000;
      } catch (err) {
        if (this.abort.signal.aborted) return;
        logger.warn({ err: (err as Error).message }, 'Settings watcher: reading or applying changes failed; retrying');
        await sleep(backoff, this.abort.signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** Re-applies defaults (a no-op write when nothing is missing) and syncs member roles. */
  async reload(): Promise<void> {
    const { settings, logger } = this.deps;
    settings.invalidate();
    await settings.update({}, 'merge');
    await this.syncMemberRoles(Object.keys((await settings.current()).roles ?? {}));
    logger.debug('Settings updated');
  }

  private async syncMemberRoles(roles: string[]): Promise<void> {
    const medic = this.deps.couch.medic;
    const security = await medic.getSecurity();
    const members = security.members ?? {};
    const current = members.roles ?? [];
    const missing = roles.filter((r) => !current.includes(r));
    if (!missing.length) return;
    await medic.putSecurity({ ...security, members: { ...members, roles: [...current, ...missing] } });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
