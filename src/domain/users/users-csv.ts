/** `POST /api/v2/users` CSV bodies as user objects (contacts-users §2.14). Pure. */
import { BadRequestError } from '../../errors.js';
import { isRecord } from '../objects.js';
import { setPath } from '../sms/paths.js';
import { parseCsv } from './csv.js';

/** Reserved columns: a row whose status is `imported` or `skipped` is not created again. */
const IMPORT_STATUS = 'import.status:excluded';
const IMPORT_MESSAGE = 'import.message:excluded';

/** One row as a user, plus the import marker of the reserved columns. */
export type CsvUser = Record<string, unknown> & { import?: { status?: string; message?: string } };

/** `TRUE` / `FALSE` become booleans; everything else stays text. */
function cellValue(raw: string): string | boolean {
  const text = raw.trim();
  if (text === 'TRUE') return true;
  if (text === 'FALSE') return false;
  return text;
}

/** A `:excluded` column (anywhere but at the very start of its header) is for people, not for the server. */
function isExcluded(header: string): boolean {
  return header.toLowerCase().indexOf(':excluded') > 0;
}

/** Path segments that would reach an object's prototype rather than its own data. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `roles` is one cell: split on `:` (cht-conf's users.csv convention), `;` or `,`. The reference keeps
 * the string and then fails the row with `roles.filter is not a function` (docs/compatibility.md).
 */
function rolesCell(value: string | boolean): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(/[:;,]/)
    .map((r) => r.trim())
    .filter(Boolean);
}

/** What a header cell does: fill the import marker, set a (dotted) path, or nothing (empty, `:excluded`). */
type Column = { marker: 'status' | 'message' } | { path: string } | undefined;

/** A header cell's column; a path segment naming the prototype machinery is a 400 naming the column. */
function columnOf(header: string): Column {
  const column = header.trim();
  const lower = column.toLowerCase();
  if (lower === IMPORT_STATUS) return { marker: 'status' };
  if (lower === IMPORT_MESSAGE) return { marker: 'message' };
  if (column === '' || isExcluded(column)) return undefined;
  if (column.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
    throw new BadRequestError(`CSV column "${column}" is not allowed: __proto__, constructor and prototype cannot name a field.`);
  }
  return { path: column };
}

/**
 * The users of a CSV text, in row order; a text without a header line is a 400 (the reference: 500).
 * A header of empty cells only is still a header, as in the reference: each row is then a `{}`.
 */
export function usersFromCsv(text: string | undefined): CsvUser[] {
  const rows = text ? parseCsv(text) : [];
  const [header, ...data] = rows;
  if (!header) throw new BadRequestError('CSV is empty.');
  // the header is checked before any row is read: a bad column is refused even when no row fills it
  const columns = header.map(columnOf);
  return data.map((cells) => {
    const user: CsvUser = {};
    columns.forEach((column, i) => {
      const raw = cells[i];
      if (raw === undefined || !column) return;
      if ('marker' in column) {
        user.import = { ...user.import, [column.marker]: raw.trim() };
        return;
      }
      const value = cellValue(raw);
      // own keys only at every level (`setPath`)
      setPath(user, column.path, column.path === 'roles' ? rolesCell(value) : value);
    });
    return user;
  });
}

/** A row marked `imported` or `skipped` is left out of the creation (§2.14). */
export function isIgnored(user: unknown): boolean {
  const status = isRecord(user) && isRecord(user.import) ? user.import.status : undefined;
  return typeof status === 'string' && ['imported', 'skipped'].includes(status.toLowerCase());
}
