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

/** The stored settings and their JSON text (what `GET /api/v1/settings` sends). */
export interface StoredSettings {
  settings: Readonly<Record<string, unknown>>;
  json: string;
}

interface SettingsDoc extends Doc {
  settings?: Record<string, unknown>;
}

/**
 * App settings: the `settings` doc of the main database (settings spec §1). Keeps two in-memory
 * copies, the stored settings (for `GET /api/v1/settings`) and one with default permissions filled
 * in (for permission checks); both are dropped on every write made here and on every change seen by
 * `SettingsWatcher`.
 */
export class SettingsService {
  private cached: Promise<AppSettings> | undefined;
  private cachedStored: Promise<StoredSettings> | undefined;

  constructor(
    private readonly deps: {
      couch: Couch;
      logger: Logger;
      defaultPermissions: Record<string, string[]>;
    },
  ) {}

  /**
   * The stored settings verbatim, with their JSON text; falls back to the legacy `_design/medic`
   * `app_settings`, then `{}`. Cached like `current()`: every instance's watcher drops the copy
   * when the settings doc changes, however it was written. The value is shared: read it, never change it.
   */
  stored(): Promise<StoredSettings> {
    this.cachedStored ??= this.read().then(
      (settings) => ({ settings, json: JSON.stringify(settings) }),
      (err: unknown) => {
        this.cachedStored = undefined;
        throw err;
      },
    );
    return this.cachedStored;
  }

  /** The stored settings verbatim (shared: read, never change). */
  async get(): Promise<Readonly<Record<string, unknown>>> {
    return (await this.stored()).settings;
  }

  private async read(): Promise<Record<string, unknown>> {
    const doc = (await this.deps.couch.medic.get(SETTINGS_DOC_ID)) as SettingsDoc | undefined;
    if (doc) return doc.settings ?? {};
    const ddoc = await this.deps.couch.medic.get('_design/medic');
    return (ddoc?.app_settings as Record<string, unknown> | undefined) ?? {};
  }

  /** Settings for the server's own decisions (permissions, hierarchy), cached, with default permissions. */
  current(): Promise<AppSettings> {
    this.cached ??= this.stored().then(
      ({ settings }) => withDefaultPermissions(structuredClone(settings), this.deps.defaultPermissions) as AppSettings,
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
    this.cachedStored = undefined;
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
