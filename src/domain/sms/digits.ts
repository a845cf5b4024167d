/** Non-Latin decimal digits (Devanagari and its neighbours) and invisible characters in SMS text. */

/** Code point of the zero of each decimal digit script SMS users type in. */
const DIGIT_ZEROS = [
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic
  0x0966, // Devanagari (Nepal, the main user)
  0x09e6, // Bengali
  0x0a66, // Gurmukhi
  0x0ae6, // Gujarati
  0x0b66, // Oriya
  0x0be6, // Tamil
  0x0c66, // Telugu
  0x0ce6, // Kannada
  0x0d66, // Malayalam
  0x0e50, // Thai
  0x0ed0, // Lao
  0x0f20, // Tibetan
  0x1040, // Myanmar
  0x17e0, // Khmer
];

const DIGITS = new RegExp(`[${DIGIT_ZEROS.map((z) => `\\u{${z.toString(16)}}-\\u{${(z + 9).toString(16)}}`).join('')}]`, 'gu');

/** Replaces Devanagari (and other script) digits with 0-9: `२०७५` → `2075`. */
export function toLatinDigits(text: string): string {
  return text.replace(DIGITS, (ch) => {
    const cp = ch.codePointAt(0) as number;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9) as number;
    return String(cp - zero);
  });
}

/** Zero-width space, non-joiner, joiner and BOM (settings spec §5.3: phones insert them). */
export const ZERO_WIDTH = /[\u200B-\u200D\uFEFF]/g;

/** The text without zero-width characters. */
export function stripZeroWidth(text: string): string {
  return text.replace(ZERO_WIDTH, '');
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A number from SMS text (any digit script), NaN when it is not one; numbers pass through.
 * Undefined stays undefined.
 */
export function parseNumber(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return NaN;
  const text = toLatinDigits(raw.trim());
  return NUMBER.test(text) ? Number(text) : NaN;
}
