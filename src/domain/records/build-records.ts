/** The two ways a record is made: a JSON body (settings spec §5.2) and an SMS text (§5.3). */
import { ownValue } from '../objects.js';
import type { AppSettings } from '../settings.js';
import { parseDateMs } from '../sms/dates.js';
import { resolveForm } from '../sms/form-code.js';
import type { JsonForm } from '../sms/json-forms.js';
import { setPath } from '../sms/paths.js';
import { parseSms } from '../sms/sms-parser.js';
import { buildDataRecord, type BuiltRecord, type RecordSettings } from './data-record.js';

export type RecordAppSettings = AppSettings & RecordSettings & { forms?: unknown };

/** An SMS as the gateway, an aggregator or the form-encoded records API hands it over. */
export interface SmsInput {
  from: string;
  message: string;
  sent_timestamp?: unknown;
  locale?: string;
  gateway_ref?: unknown;
}

/** A record from an SMS: form code, parsing when the form is defined, errors to translate. */
export function buildSmsRecord(input: SmsInput, settings: RecordAppSettings, now: number): BuiltRecord {
  const { code, def, text } = resolveForm(settings, input.message);
  const smsMessage = {
    type: 'sms_message',
    message: input.message,
    form: code,
    reported_date: input.sent_timestamp,
    locale: input.locale,
    from: input.from,
    gateway_ref: input.gateway_ref,
  };
  const parsed = parseSms(def, text, { locale: input.locale ?? settings.locale, phone: settings });
  return buildDataRecord(
    {
      form: code,
      def,
      fields: parsed.fields,
      from: input.from,
      reportedDate: input.sent_timestamp,
      smsMessage,
      extraFields: parsed.extraFields,
      emptyMessage: !input.message.trim(),
    },
    settings,
    now,
  );
}

/** JSON values typed by the field they name: dates as ms (null when unreadable), booleans from 1/0. */
function coerce(def: JsonForm, key: string, value: unknown): unknown {
  switch (ownValue(def.fields, key)?.type) {
    case 'date': {
      if (value === undefined) return value;
      const ms = parseDateMs(value);
      return Number.isFinite(ms) ? ms : null;
    }
    case 'boolean':
      if (value === 1 || value === '1') return true;
      if (value === 0 || value === '0') return false;
      return value;
    default:
      return value;
  }
}

/**
 * The fields of a JSON record. Keys are coerced by the field they name exactly, then lower-cased;
 * each field of the definition takes the value under its key or its lower-cased key.
 */
export function jsonRecordFields(def: JsonForm, data: Record<string, unknown>): Record<string, unknown> {
  const lowered = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data)) lowered.set(key.toLowerCase(), coerce(def, key, value));
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(def.fields)) {
    // the reference looks up the exact key after lower-casing, so camel-case fields stay empty there
    const value = lowered.has(key) ? lowered.get(key) : lowered.get(key.toLowerCase());
    if (value !== undefined) setPath(fields, key, value);
  }
  return fields;
}

/** A record from a JSON body whose `_meta.form` names `def`; `_meta` becomes `sms_message`. */
export function buildJsonRecord(
  body: Record<string, unknown>,
  meta: Record<string, unknown> & { form: string },
  def: JsonForm,
  settings: RecordAppSettings,
  now: number,
): BuiltRecord {
  const data = Object.fromEntries(Object.entries(body).filter(([key]) => key !== '_meta'));
  return buildDataRecord(
    { form: meta.form, def, fields: jsonRecordFields(def, data), from: meta.from, reportedDate: meta.reported_date, smsMessage: meta },
    settings,
    now,
  );
}

/** The locale of a record's error messages: record, fields, SMS, settings, then English. */
export function errorLocale(doc: Record<string, unknown>, settings: { locale?: unknown }): string {
  const pick = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const fields = doc.fields as Record<string, unknown> | undefined;
  const sms = doc.sms_message as Record<string, unknown> | undefined;
  return pick(doc.locale) ?? pick(fields?.locale) ?? pick(sms?.locale) ?? pick(settings.locale) ?? 'en';
}
