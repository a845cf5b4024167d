const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * True when arrays and objects in a JSON text nest deeper than `limit` levels (`{}` and `[]` are
 * one level). Reads the raw text before it is parsed, so an over-deep body costs one pass over its
 * bytes and no tree: one loop, brackets inside strings (escapes included) do not count.
 *
 * `text` is UTF-8 bytes (every structural character is ASCII, and no byte of a multi-byte UTF-8
 * sequence is), or a string. For valid JSON the answer is exact; for invalid JSON it is a bound
 * the parser is never asked about anyway.
 */
export function jsonNestedDeeperThan(text: Uint8Array | string, limit: number): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++; // the escaped character, `\"` and `\\` included
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) {
      depth--;
    }
  }
  return false;
}
