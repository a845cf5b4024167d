/** A small RFC 4180 CSV reader: quoted fields (with `""`, commas and line breaks inside), CRLF or LF, a UTF-8 BOM. Pure. */
import { BadRequestError } from '../../errors.js';

/**
 * The rows of a CSV text as cell strings. A line with nothing on it is dropped; a quote left open
 * at the end of the text is a 400 naming the line it opened on.
 */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let line = 1;
  let i = 0;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cell = '';
  };
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === '"' && cell.trim() === '') {
      // a quoted field: everything up to the closing quote, `""` standing for one quote
      const opened = line;
      cell = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new BadRequestError(`CSV has an unterminated quoted field starting on line ${opened}`);
        const c = src[i] as string;
        if (c === '"' && src[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          if (c === '\n') line++;
          cell += c;
          i++;
        }
      }
      continue;
    }
    if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      line++;
      endRow();
    } else {
      cell += ch;
    }
    i++;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}
