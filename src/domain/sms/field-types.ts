/** Typing one raw SMS value by its field definition (settings spec §5.3, "type-parsed"). */
import { normalizePhone, type PhoneSettings } from '../phone.js';
import { bsDateMs, parseDateMs } from './dates.js';
import { parseNumber, stripZeroWidth, toLatinDigits } from './digits.js';
import { translateLabel, type FormField } from './json-forms.js';

export interface FieldContext {
  locale: string | undefined;
  phone: PhoneSettings;
}

const numberOrNull = (n: number | undefined): number | null => (n === undefined || Number.isNaN(n) ? null : n);

/** The label of the list option whose value matches, or undefined. */
function listLabel(field: FormField, matches: (value: unknown) => boolean, locale: string | undefined): string | undefined {
  const option = field.list?.find((item) => Array.isArray(item) && matches(item[0]));
  return option ? translateLabel(option[1], locale) : undefined;
}

/** Shortcodes must be Latin digits without invisible characters, whatever the phone typed. */
function isShortcodeKey(key: string): boolean {
  return key === 'patient_id' || key === 'place_id';
}

/**
 * A raw value typed by its field: numbers, dates as ms, booleans, E.164 phones, Bikram Sambat
 * dates as ms, list options as their labels. `''` is null, an omitted value stays undefined;
 * unknown types keep the raw value.
 */
export function parseField(key: string, field: FormField, raw: unknown, ctx: FieldContext): unknown {
  if (raw === undefined) return undefined;
  if (raw === '') return null;
  switch (field.type) {
    case 'integer': {
      const n = parseNumber(raw);
      if (!field.list) return numberOrNull(n);
      return listLabel(field, (v) => parseNumber(v) === n, ctx.locale) ?? null;
    }
    case 'string': {
      if (raw === null) return raw;
      let text = typeof raw === 'number' ? String(raw) : raw; // TextForms turned digits into a number
      if (field.list) text = listLabel(field, (v) => String(v) === String(text), ctx.locale) ?? text;
      if (isShortcodeKey(key) && typeof text === 'string') text = stripZeroWidth(toLatinDigits(text));
      return text;
    }
    case 'date':
      if (!raw) return null;
      return numberOrNull(parseDateMs(raw));
    case 'boolean': {
      const n = parseNumber(raw);
      return n === 1 ? true : n === 0 ? false : null;
    }
    case 'month':
    case 'bsYear':
    case 'bsMonth':
    case 'bsDay':
      return numberOrNull(parseNumber(raw));
    case 'phone_number':
      if (raw === null) return raw;
      return normalizePhone(ctx.phone, typeof raw === 'number' ? String(raw) : raw) ?? raw;
    case 'bsDate':
      return bsDateMs(raw);
    default:
      return raw;
  }
}
