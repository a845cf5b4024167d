/**
 * `reported_date` of the legacy contact endpoints (contacts-users §4.5, api-page "timestamp"):
 * moment's strict parse of `YYYY-MM-DDTHH:mm:ssZ`, `YYYY-MM-DDTHH:mm:ss.SSSZ` or `x` (epoch ms),
 * with the value stringified first. Pure.
 */

// moment strict: fixed-width fields; `Z` is `Z`/`z`, `±hh`, `±hhmm` or `±hh:mm`; `x` is a signed integer
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
const EPOCH_MS = /^[+-]?\d+$/;
const MAX_DATE_MS = 8.64e15;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7]) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // moment accepts 24:00:00.000 as the end of the day
  if (minute > 59 || second > 59 || hour > 24 || (hour === 24 && (minute || second || ms))) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 1900–1999
  date.setUTCHours(hour, minute, second, ms);
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
  return date.getTime() - offsetMinutes * 60_000;
}

/** Epoch milliseconds of a valid `reported_date`, or undefined when moment (strict) would call it invalid. */
export function parseReportedDate(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value);
  if (EPOCH_MS.test(text)) {
    const ms = Number(text);
    return Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
  }
  return parseIso(text);
}

/** Is this `reported_date` acceptable to the legacy endpoints? */
export function isValidReportedDate(value: unknown): boolean {
  return parseReportedDate(value) !== undefined;
}

/** The stored `reported_date`: the parsed value, or now when the given value is falsy (§4.5). */
export function reportedDateOrNow(value: unknown, now: () => number = Date.now): number {
  return (value ? parseReportedDate(value) : undefined) ?? now();
}
