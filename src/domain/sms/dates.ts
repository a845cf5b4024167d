/** Dates in SMS fields: Gregorian and Bikram Sambat (settings spec §5.3). */
import bikramSambat from 'bikram-sambat';
import { parseNumber, toLatinDigits } from './digits.js';

/** Midnight of a calendar day in the server's time zone, in ms (the reference's moment default; containers run UTC). */
export function localDayMs(year: number, month: number, day: number): number {
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date.getTime() : NaN;
}

/** `YYYY-M-D` at local midnight; NaN when it is not a real day. */
export function localDateMs(text: string): number {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  return m ? localDayMs(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
}

/**
 * A date as ms, like `moment(value).valueOf()`: numbers as they are, `YYYY-MM-DD` at local
 * midnight, anything else through `Date.parse` (zone-less date-times are local). NaN when unreadable.
 */
export function parseDateMs(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const text = toLatinDigits(value.trim());
  const dateOnly = localDateMs(text);
  return Number.isNaN(dateOnly) ? Date.parse(text) : dateOnly;
}

/** Local midnight of the Gregorian day of a Bikram Sambat date; null when it does not exist or is out of range. */
export function bsToMs(year: unknown, month: unknown = 1, day: unknown = 1): number | null {
  const [y, m, d] = [year, month, day].map((v) => parseNumber(v ?? NaN)) as number[];
  if (![y, m, d].every((n) => Number.isInteger(n))) return null;
  try {
    const greg = bikramSambat.toGreg(y as number, m as number, d as number);
    const ms = localDayMs(greg.year, greg.month, greg.day);
    return Number.isNaN(ms) ? null : ms;
  } catch {
    return null; // outside the library's table (1970–2100 BS) or an impossible day
  }
}

/** `2075-01-15` (any separator, any digit script) as a Bikram Sambat date in ms, or null. */
export function bsDateMs(raw: unknown): number | null {
  if (typeof raw !== 'string' || !raw) return null;
  const text = toLatinDigits(raw.trim());
  const separator = /[^0-9]/.exec(text)?.[0];
  const parts = separator === undefined ? [text] : text.split(separator);
  return parts.length === 3 ? bsToMs(parts[0], parts[1], parts[2]) : null;
}
