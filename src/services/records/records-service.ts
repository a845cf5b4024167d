import type { NewDoc } from '../../db/types.js';
import { AppError, BadRequestError } from '../../errors.js';
import {
  buildJsonRecord,
  buildSmsRecord,
  errorLocale,
  type RecordAppSettings,
  type SmsInput,
} from '../../domain/records/build-records.js';
import type { BuiltRecord } from '../../domain/records/data-record.js';
import { translateError, type TranslationMaps } from '../../domain/records/record-errors.js';
import { isRecord } from '../../domain/objects.js';
import { findForm } from '../../domain/sms/json-forms.js';
import type { SettingsService } from '../settings-service.js';
import type { RecordSaver } from './record-saver.js';
import type { TranslationService } from './translations.js';

/** A form-encoded value as text: the first of repeated keys; absent stays undefined. */
function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : String(first);
}

/** Records: reports from JSON or SMS text, and incoming SMS (settings spec §5). */
export class RecordsService {
  constructor(
    private readonly deps: {
      settings: SettingsService;
      translations: TranslationService;
      saver: RecordSaver;
      now?: () => number;
    },
  ) {}

  /** `POST /api/v{1,2}/records` with JSON: `_meta.form` must name a JSON form (§5.2). Returns the new id. */
  async createFromJson(body: unknown): Promise<string> {
    const data = isRecord(body) ? body : {};
    const meta = data._meta;
    if (meta === undefined || meta === null || meta === '') throw new BadRequestError('Missing _meta property.');
    const form = isRecord(meta) ? meta.form : undefined;
    if (form === undefined || form === null || form === '') throw new BadRequestError('Missing required field: form');
    const code = String(form).toUpperCase();
    const settings = await this.settings();
    const def = findForm(settings, code);
    if (!def) throw new BadRequestError(`Form not found: ${code}`);
    const built = buildJsonRecord(data, { ...(meta as Record<string, unknown>), form: code }, def, settings, this.now());
    return this.saveOne(await this.translated(built, settings));
  }

  /** `POST /api/v{1,2}/records` form-encoded: `from` and `message` must be present, even empty (§5.3). */
  async createFromForm(body: unknown, fallbackLocale?: string): Promise<string> {
    const data = isRecord(body) ? body : {};
    if (!Object.hasOwn(data, 'from')) throw new BadRequestError('Missing required value: from');
    if (!Object.hasOwn(data, 'message')) throw new BadRequestError('Missing required field: message');
    const input: SmsInput = {
      from: text(data.from) ?? '',
      message: text(data.message) ?? '',
      sent_timestamp: text(data.sent_timestamp),
      locale: text(data.locale) || fallbackLocale || undefined,
      gateway_ref: text(data.gateway_ref),
    };
    const [doc] = await this.smsRecords([input]);
    return this.saveOne(doc as NewDoc);
  }

  /**
   * The records of a batch of SMS, errors translated, not saved (incoming gateway and aggregator
   * messages). Each locale's translation docs are read at most once for the batch.
   */
  async smsRecords(inputs: readonly SmsInput[]): Promise<NewDoc[]> {
    const settings = await this.settings();
    const maps = this.batchMaps();
    const docs: NewDoc[] = [];
    for (const input of inputs) docs.push(await this.translated(buildSmsRecord(input, settings, this.now()), settings, maps));
    return docs;
  }

  private async settings(): Promise<RecordAppSettings> {
    return (await this.deps.settings.current()) as RecordAppSettings;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Translation maps by locale, read on first use and kept for this call only (never stale across requests). */
  private batchMaps(): (locale: string) => Promise<TranslationMaps> {
    const read = new Map<string, Promise<TranslationMaps>>();
    return (locale) => {
      const known = read.get(locale);
      if (known) return known;
      const maps = this.deps.translations.maps(locale);
      read.set(locale, maps);
      return maps;
    };
  }

  /** Fills `errors` with messages in the record's locale; no lookup when there is nothing to say. */
  private async translated(
    built: BuiltRecord,
    settings: RecordAppSettings,
    mapsFor: (locale: string) => Promise<TranslationMaps> = (locale) => this.deps.translations.maps(locale),
  ): Promise<NewDoc> {
    if (built.errors.length) {
      const maps = await mapsFor(errorLocale(built.doc, settings));
      built.doc.errors = built.errors.map((e) => translateError(e, maps));
    }
    return built.doc;
  }

  private async saveOne(doc: NewDoc): Promise<string> {
    const [result] = await this.deps.saver.save([doc]);
    if (!result?.ok) throw new AppError(500, `Record not saved: ${result?.error ?? 'unknown'} ${result?.reason ?? ''}`.trim());
    return result.id;
  }
}
