import type { Couch } from '../db/couch.js';
import type { Doc } from '../db/types.js';
import { BadRequestError } from '../errors.js';
import {
  applySettingsUpdate,
  withDefaultPermissions,
  type AppSettings,
  type SettingsMode,
} from '../domain/settings.js';
import type { Logger } from '../logger.js';

export const SETTINGS_DOC_ID = 'settings';

interface SettingsDoc extends Doc {
  settings?: Record<string, unknown>;
}

/**
 * App settings: the `settings` doc of the main database (settings spec §1). Keeps an in-memory
 * copy, with default permissions filled in, for permission checks; the copy is dropped on every
 * write made here and on every change seen by `SettingsWatcher`.
 */
export class SettingsService {
  private cached: Promise<AppSettings> | undefined;

  constructor(
    private readonly deps: {
      couch: Couch;
      logger: Logger;
      defaultPermissions: Record<string, string[]>;
    },
  ) {}

  /** The stored settings verbatim; falls back to the legacy `_design/medic` `app_settings`, then `{}`. */
  async get(): Promise<Record<string, unknown>> {
    const doc = (await this.deps.couch.medic.get(SETTINGS_DOC_ID)) as SettingsDoc | undefined;
    if (doc) return doc.settings ?? {};
    const ddoc = await this.deps.couch.medic.get('_design/medic');
    return (ddoc?.app_settings as Record<string, unknown> | undefined) ?? {};
  }

  /** Settings for the server's own decisions (permissions, hierarchy), cached, with default permissions. */
  current(): Promise<AppSettings> {
    this.cached ??= this.get().then(
      (settings) => withDefaultPermissions(structuredClone(settings), this.deps.defaultPermissions) as AppSettings,
      (err: unknown) => {
        this.cached = undefined;
        throw err;
      },
    );
    return this.cached;
  }

  /** Forget the in-memory copy; the next `current()` reads CouchDB again. */
  invalidate(): void {
    this.cached = undefined;
  }

  /**
   * Merge, replace or overwrite the settings; writes only when the JSON text changed
   * (key-order sensitive, as the reference compares). Returns whether a write happened.
   */
  async update(body: unknown, mode: SettingsMode): Promise<boolean> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestError('Settings must be a JSON object');
    }
    const medic = this.deps.couch.medic;
    const doc: SettingsDoc = ((await medic.get(SETTINGS_DOC_ID)) as SettingsDoc | undefined) ?? { _id: SETTINGS_DOC_ID };
    const before = JSON.stringify(doc.settings ?? {});
    const next = applySettingsUpdate(doc.settings ?? {}, body as Record<string, unknown>, mode);
    doc.settings = withDefaultPermissions(next, this.deps.defaultPermissions);
    if (JSON.stringify(doc.settings) === before) return false;
    await medic.put(doc);
    this.invalidate();
    return true;
  }
}
