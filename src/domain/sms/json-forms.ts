/** JSON form definitions of `app_settings.forms` (settings spec §5.2, §5.3). Pure, no I/O. */
import { isRecord, ownValue } from '../objects.js';

/** A label: literal text, or texts by locale (`{en: 'N', fr: 'N'}`). */
export type Label = string | Record<string, string | undefined>;

export interface FormField {
  type?: string;
  labels?: { tiny?: Label; short?: Label; description?: Label };
  required?: boolean;
  /** `[value, label]` options: the stored value is the label of the matching option. */
  list?: Array<[unknown, Label]>;
  [key: string]: unknown;
}

export interface JsonForm {
  meta?: { code?: string; label?: Label; [key: string]: unknown };
  /** Fields in definition order; dotted keys build nested objects. */
  fields: Record<string, FormField>;
  /** Field whose upper-cased value becomes the record's `refid`. */
  facility_reference?: string;
  [key: string]: unknown;
}

/** The definition of a form code in app settings, or undefined (also for a definition without `fields`). */
export function findForm(settings: { forms?: unknown }, code: string | undefined): JsonForm | undefined {
  if (!code || !isRecord(settings.forms)) return undefined;
  const def = ownValue(settings.forms, code);
  return isRecord(def) && isRecord(def.fields) ? (def as JsonForm) : undefined;
}

/** A label in one locale: the locale's text, else English, else the first text there is. */
export function translateLabel(label: unknown, locale: string | undefined): string | undefined {
  if (typeof label === 'string') return label;
  if (!isRecord(label)) return undefined;
  const pick = (locale && ownValue(label, locale)) ?? ownValue(label, 'en') ?? Object.values(label).find((v) => typeof v === 'string');
  return typeof pick === 'string' ? pick : undefined;
}

/** The tiny label of a field, trimmed and lower-cased; the key itself when the field has none. */
export function tinyLabel(key: string, field: FormField, locale: string | undefined): string {
  const label = translateLabel(field.labels?.tiny, locale)?.trim();
  // the reference crashes (500) on a field without labels in TextForms; we fall back to the key
  return (label || key).toLowerCase();
}
