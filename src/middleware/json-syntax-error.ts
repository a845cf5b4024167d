/**
 * Describes why a request body is not valid JSON by position only. V8's own message quotes the
 * body around the fault (`..."password":SuperSecre"...`), which must reach neither the client nor a log.
 */
export function describeJsonSyntaxError(text: string): string {
  const at = invalidJsonOffset(text);
  if (at < 0) return 'parse error';
  return at >= text.length ? 'unexpected end of input' : `unexpected character at position ${at}`;
}

/** A token scanner's failure at `offset`, told apart from an end index by its sign. */
const fail = (offset: number): number => -offset - 1;
const failedAt = (result: number): number => -result - 1;

/**
 * Offset of the first character that cannot continue the JSON text (its length when the text ends
 * too early), or -1 when it is valid. The top level must be an object or an array, as body-parser's
 * strict mode requires. Iterative: any depth is fine.
 */
export function invalidJsonOffset(text: string): number {
  let i = skipSpace(text, 0);
  if (text[i] !== '{' && text[i] !== '[') return i;
  const closers: string[] = [];
  let state: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after' = 'value';
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) return state === 'after' && !closers.length ? -1 : i;
    const c = text[i] as string;
    if ((state === 'valueOrClose' && c === ']') || (state === 'keyOrClose' && c === '}')) {
      closers.pop();
      i++;
      state = 'after';
    } else if (state === 'value' || state === 'valueOrClose') {
      if (c === '{' || c === '[') {
        closers.push(c === '{' ? '}' : ']');
        state = c === '{' ? 'keyOrClose' : 'valueOrClose';
        i++;
      } else {
        const end = c === '"' ? stringEnd(text, i) : scalarEnd(text, i);
        if (end < 0) return failedAt(end);
        i = end;
        state = 'after';
      }
    } else if (state === 'key' || state === 'keyOrClose') {
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return failedAt(end);
      i = end;
      state = 'colon';
    } else if (state === 'colon') {
      if (c !== ':') return i;
      i++;
      state = 'value';
    } else {
      const closer = closers[closers.length - 1];
      if (c === ',' && closer) state = closer === '}' ? 'key' : 'value';
      else if (c === closer) closers.pop();
      else return i; // after the top-level value, or not a separator
      i++;
    }
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

/** End of the string starting at `i` (a `"`), or a failure. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return fail(j);
    if (code === 0x5c) {
      const escape = text[j + 1];
      if (escape === 'u') {
        for (let k = j + 2; k < j + 6; k++) if (!/[0-9a-fA-F]/.test(text[k] ?? '')) return fail(Math.min(k, text.length));
        j += 5;
      } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
        j += 1;
      } else {
        return fail(j + 1);
      }
    }
  }
  return fail(text.length);
}

/** End of the number or literal starting at `i`, or a failure. */
function scalarEnd(text: string, i: number): number {
  for (const literal of ['true', 'false', 'null']) {
    if (text[i] !== literal[0]) continue;
    for (let k = 1; k < literal.length; k++) if (text[i + k] !== literal[k]) return fail(Math.min(i + k, text.length));
    return i + literal.length;
  }
  let j = i;
  if (text[j] === '-') j++;
  if (text[j] === '0') j++;
  else if (isDigit(text[j])) while (isDigit(text[j])) j++;
  else return fail(Math.min(j, text.length));
  if (text[j] === '.') {
    if (!isDigit(text[++j])) return fail(Math.min(j, text.length));
    while (isDigit(text[j])) j++;
  }
  if (text[j] === 'e' || text[j] === 'E') {
    j++;
    if (text[j] === '+' || text[j] === '-') j++;
    if (!isDigit(text[j])) return fail(Math.min(j, text.length));
    while (isDigit(text[j])) j++;
  }
  return j;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
