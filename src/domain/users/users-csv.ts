/** `POST /api/v2/users` CSV bodies as user objects (contacts-users §2.14). Pure. */
import { BadRequestError } from '../../errors.js';
import { isRecord } from '../contacts/contact-types.js';
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

/** Sets `a.b.c` in nested objects; a non-object in the way is replaced. */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1] as string] = value;
}

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

/** The users of a CSV text, in row order; an empty text is a 400 (the reference: 500). */
export function usersFromCsv(text: string | undefined): CsvUser[] {
  const rows = text ? parseCsv(text) : [];
  const [header, ...data] = rows;
  if (!header || !header.some((h) => h.trim() !== '')) throw new BadRequestError('CSV is empty.');
  const columns = header.map((h) => h.trim());
  return data.map((cells) => {
    const user: CsvUser = {};
    columns.forEach((column, i) => {
      const raw = cells[i];
      if (raw === undefined || column === '') return;
      const reserved = column.toLowerCase();
      if (reserved === IMPORT_STATUS || reserved === IMPORT_MESSAGE) {
        user.import = { ...user.import, [reserved === IMPORT_STATUS ? 'status' : 'message']: raw.trim() };
        return;
      }
      if (isExcluded(column)) return;
      const value = cellValue(raw);
      setPath(user, column.split('.'), column === 'roles' ? rolesCell(value) : value);
    });
    return user;
  });
}

/** A row marked `imported` or `skipped` is left out of the creation (§2.14). */
export function isIgnored(user: unknown): boolean {
  const status = isRecord(user) && isRecord(user.import) ? user.import.status : undefined;
  return typeof status === 'string' && ['imported', 'skipped'].includes(status.toLowerCase());
}
