/** The `data_record` document of a report or an incoming SMS (settings spec §5.4, `getDataRecord`). */
import { normalizePhone, type PhoneSettings } from '../phone.js';
import { parseDateMs } from '../sms/dates.js';
import type { JsonForm } from '../sms/json-forms.js';
import { getPath } from '../sms/paths.js';
import type { RecordError } from './record-errors.js';
import { validateFields } from './validate.js';

/** The app settings a record is built with. */
export interface RecordSettings extends PhoneSettings {
  /** Keep unknown form codes on the record, with a `sys.form_not_found` error. */
  forms_only_mode?: boolean;
  locale?: string;
}

export interface DataRecordInput {
  /** The form code, upper-cased; undefined when the message has none. */
  form: string | undefined;
  def: JsonForm | undefined;
  /** Typed field values, nested for dotted keys, only keys of the definition. */
  fields: Record<string, unknown>;
  from: unknown;
  /** `sent_timestamp` or `_meta.reported_date` as sent. */
  reportedDate: unknown;
  smsMessage: Record<string, unknown>;
  /** A Muvuku message carried surplus values. */
  extraFields?: boolean;
  /** The SMS text was empty or whitespace (the JSON path has no text). */
  emptyMessage?: boolean;
}

/** A data_record before it is saved, and its errors still untranslated. */
export interface BuiltRecord {
  doc: Record<string, unknown> & { type: 'data_record'; errors: Array<{ code: string; message: string }> };
  errors: RecordError[];
}

/** `reported_date`: a number as is, a string of 13+ digits as a number, another parseable string, else now. */
export function reportedDateMs(value: unknown, now: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim()) {
    if (/^\d{13,}$/.test(value.trim())) return Number(value.trim());
    const ms = parseDateMs(value);
    if (Number.isFinite(ms)) return ms;
  }
  return now;
}

/** Removes undefined members, as JSON would, so the doc compares the way it is stored. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Builds the record: normalised `from`, `form` (dropped for an unknown code unless
 * `forms_only_mode`), empty `errors`/`tasks`, `fields`, `reported_date`, `sms_message`, `refid`;
 * returns the errors to translate into `errors` (form not found, empty, extra fields, validation).
 */
export function buildDataRecord(input: DataRecordInput, settings: RecordSettings, now: number): BuiltRecord {
  const { def } = input;
  const errors: RecordError[] = [];
  let form = input.form;
  if (!def) {
    if (settings.forms_only_mode) errors.push({ code: 'sys.form_not_found', ctx: { form: form ?? '' } });
    else form = undefined;
  }
  if (input.emptyMessage) errors.push({ code: 'sys.empty' });
  if (input.extraFields) errors.push({ code: 'extra_fields' });
  if (def) errors.push(...validateFields(def, input.fields));
  const reference = def?.facility_reference ? getPath(input.fields, def.facility_reference) : undefined;
  const doc = compact({
    type: 'data_record' as const,
    from: normalizePhone(settings, input.from) ?? input.from,
    form,
    errors: [] as Array<{ code: string; message: string }>,
    tasks: [] as unknown[],
    fields: input.fields,
    reported_date: reportedDateMs(input.reportedDate, now),
    sms_message: compact(input.smsMessage),
    refid: reference == null || reference === '' ? undefined : String(reference).toUpperCase(),
  });
  return { doc, errors };
}
