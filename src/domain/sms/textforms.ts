/** TextForms `CODE #key value #key value` and the compact format `CODE v1 v2 "v 3"` (settings spec §5.3). */
import { toLatinDigits } from './digits.js';
import { tinyLabel, translateLabel, type JsonForm } from './json-forms.js';
import { localDateMs } from './dates.js';

// The value is taken greedily and trimmed afterwards: a lazy `(.*?)\s*$` is quadratic on long space runs.
const COMPONENT = /^\s*([^\s\p{Nd}:\-,=]+)\s*[:\-,=]?\s*(.*)$/su;

/**
 * A TextForms value: integers and decimals become numbers, `YYYY-MM-DD` dates become ms.
 * Values with a leading zero stay text (a phone number or an id must keep its `0`).
 */
function textFormsValue(raw: string): unknown {
  const text = toLatinDigits(raw);
  if (/^-?\d+$/.test(text) && !/^-?0\d/.test(text)) return Number(text);
  if (/^-?\d*\.\d+$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return localDateMs(text);
  return raw;
}

/**
 * `#`-separated `<key>[sep]<value>` components, keys lower-cased; a repeated key collects an array.
 * The keys are typed by the sender: the result has no prototype, so `constructor` is just a key.
 */
export function parseTextForms(text: string): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const part of text.split('#')) {
    const match = COMPONENT.exec(part);
    if (!match) continue;
    const key = (match[1] as string).toLowerCase();
    const value = textFormsValue((match[2] as string).trimEnd());
    if (!Object.hasOwn(out, key)) out[key] = value;
    else out[key] = Array.isArray(out[key]) ? [...out[key], value] : [out[key], value];
  }
  return out;
}

/** TextForms data keyed by field: each field takes the value of its tiny label. */
export function textFormsFields(text: string, def: JsonForm, locale: string | undefined): Record<string, unknown> {
  const parsed = parseTextForms(text);
  return Object.fromEntries(Object.entries(def.fields).map(([key, field]) => [key, parsed[tinyLabel(key, field, locale)]]));
}

/** Does the text open with a field's tiny or short label (followed by a space, a digit, or nothing)? */
function startsWithLabel(text: string, def: JsonForm, locale: string | undefined): boolean {
  const lower = text.toLowerCase();
  return Object.values(def.fields).some((field) =>
    [field.labels?.tiny, field.labels?.short].some((l) => {
      const label = translateLabel(l, locale)?.trim().toLowerCase();
      if (!label || !lower.startsWith(label)) return false;
      const next = lower.slice(label.length, label.length + 1);
      return next === '' || /[\s\p{Nd}]/u.test(next);
    }),
  );
}

/** Compact when there is no `#` and the text does not open with a field label. */
export function isCompact(text: string, def: JsonForm, locale: string | undefined): boolean {
  return !text.includes('#') && !startsWithLabel(text, def, locale);
}

/**
 * Whitespace-separated tokens (a double-quoted token keeps its spaces) in field order; a trailing
 * `string` field takes every remaining token, joined by single spaces.
 */
export function compactFields(text: string, def: JsonForm): Record<string, unknown> {
  const tokens = [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]) as string);
  const fields = Object.entries(def.fields);
  return Object.fromEntries(
    fields.map(([key, field], i) => {
      const last = i === fields.length - 1 && field.type === 'string';
      return [key, last && tokens.length > i ? tokens.slice(i).join(' ') : tokens[i]];
    }),
  );
}
