/** Finding the form code of an SMS (settings spec §5.3, §12 item 10). */
import { findForm, type JsonForm } from './json-forms.js';
import { stripZeroWidth } from './digits.js';

/** `1!CODE!…` or `J1!CODE!…`: a Muvuku message (prefix, code, at least one value). */
export const MUVUKU = /^\s*([A-Za-z]?\d)!.+!.+/;

const TEXTFORMS_CODE = /^\s*([^\s!\-,:#]+)/;

/** The code as typed in the message (`raw`) and upper-cased (`code`). */
export interface FormCode {
  code: string;
  raw: string;
}

/**
 * Any message with two `!` is Muvuku and its code is the second `!` segment (even for an
 * ordinary sentence); otherwise the first run of characters that are not whitespace or `!-,:#`.
 */
export function detectFormCode(message: unknown): FormCode | undefined {
  if (typeof message !== 'string') return undefined;
  const parts = message.split('!');
  if (parts.length >= 3) {
    const raw = parts[1] as string;
    return { code: raw.toUpperCase(), raw };
  }
  const match = TEXTFORMS_CODE.exec(message);
  return match ? { code: (match[1] as string).toUpperCase(), raw: match[1] as string } : undefined;
}

/** The form of a message: its code, its definition when there is one, and the text to parse. */
export interface ResolvedForm {
  code: string | undefined;
  def: JsonForm | undefined;
  /** The message with a zero-width-cleaned code substituted when that is what matched. */
  text: string;
}

/**
 * Looks the code up in `app_settings.forms`; when it is unknown, retries without zero-width
 * characters and, on a match, parses a copy of the message with the cleaned code.
 */
export function resolveForm(settings: { forms?: unknown }, message: string): ResolvedForm {
  const found = detectFormCode(message);
  if (!found) return { code: undefined, def: undefined, text: message };
  const def = findForm(settings, found.code);
  if (def) return { code: found.code, def, text: message };
  const cleanRaw = stripZeroWidth(found.raw);
  const cleanDef = cleanRaw !== found.raw ? findForm(settings, cleanRaw.toUpperCase()) : undefined;
  if (!cleanDef) return { code: found.code, def: undefined, text: message };
  return { code: cleanRaw.toUpperCase(), def: cleanDef, text: message.replace(found.raw, cleanRaw) };
}
