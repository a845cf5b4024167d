/** Parsing an SMS into typed form fields (settings spec §5.3, `smsparser.parse`). */
import { parseField, type FieldContext } from './field-types.js';
import { bsToMs } from './dates.js';
import { detectFormCode, MUVUKU } from './form-code.js';
import type { JsonForm } from './json-forms.js';
import { parseLabelled, parsePositional, type RawFields } from './muvuku.js';
import { setPath } from './paths.js';
import { compactFields, isCompact, textFormsFields } from './textforms.js';

export interface ParsedSms {
  /** Typed values by field, nested for dotted keys. */
  fields: Record<string, unknown>;
  /** A Muvuku message carried more values than the form has fields. */
  extraFields: boolean;
}

const empty = (): ParsedSms => ({ fields: {}, extraFields: false });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message without its leading form code and the separators after it. */
function withoutCode(text: string): string {
  const found = detectFormCode(text);
  if (!found) return text;
  return text.replace(new RegExp(`^\\s*${escapeRegExp(found.raw)}[\\s!\\-,:#]*`), '');
}

/** Raw values by field key; undefined when a Muvuku prefix has no parser (anything but `1` and `J1`). */
function rawFields(def: JsonForm, text: string, locale: string | undefined): (RawFields & { muvuku: boolean }) | undefined {
  const muvuku = MUVUKU.exec(text);
  if (muvuku) {
    const prefix = (muvuku[1] as string).toUpperCase();
    if (prefix === '1') return { ...parsePositional(text, def), muvuku: true };
    if (prefix === 'J1') return { ...parseLabelled(text, def, locale), muvuku: true };
    return undefined;
  }
  const rest = withoutCode(text);
  const data = isCompact(rest, def, locale) ? compactFields(rest, def) : textFormsFields(rest, def, locale);
  return { data, extraFields: false, muvuku: false };
}

/** A value worth typing: the reference tests truthiness, which would also drop a TextForms `0`. */
function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The `bsAggreDate` field takes the date made of the `bsYear`, `bsMonth` (1) and `bsDay` (1) fields. */
function aggregateBsDate(def: JsonForm, data: Record<string, unknown>, fields: Record<string, unknown>): void {
  const entries = Object.entries(def.fields);
  const target = entries.find(([, f]) => f.type === 'bsAggreDate')?.[0];
  if (target === undefined) return;
  const part = (type: string) => {
    const key = entries.find(([, f]) => f.type === type)?.[0];
    return key === undefined || !present(data[key]) ? undefined : data[key];
  };
  setPath(fields, target, bsToMs(part('bsYear') ?? NaN, part('bsMonth') ?? 1, part('bsDay') ?? 1));
}

/**
 * The typed fields of a message for a form: Muvuku (every field present), compact or TextForms
 * (only the fields the message gives). No definition or an empty message gives nothing.
 */
export function parseSms(def: JsonForm | undefined, text: string, ctx: FieldContext): ParsedSms {
  if (!def || !text) return empty();
  const raw = rawFields(def, text, ctx.locale);
  if (!raw) return empty();
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(def.fields)) {
    const value = raw.data[key];
    if (raw.muvuku || present(value)) setPath(fields, key, parseField(key, field, value, ctx));
  }
  aggregateBsDate(def, raw.data, fields);
  return { fields, extraFields: raw.extraFields };
}
