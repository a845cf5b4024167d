/** Password rules of user management (contacts-users §2.13.5). */
import { randomInt } from 'node:crypto';
import type { TranslatedMessage } from '../../errors.js';

/** §2.13.5: at least 8 characters, and a strength score of at least 50. */
export const MIN_PASSWORD_LENGTH = 8;
export const MIN_PASSWORD_SCORE = 50;

/** The alphabet of generated passwords and login tokens (§2.13.5, §2.18). */
export const RANDOM_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:!$-=';

const GENERATED_LENGTH = 20;
const CLASSES = [/\d/, /[a-z]/, /[A-Z]/, /\W/];

/** `length + 2 × distinct characters + 15 × (character classes − 1)`; a non-string scores 0 (simple-password-tester). */
export function passwordScore(password: unknown): number {
  if (typeof password !== 'string' || !password) return 0;
  const classes = CLASSES.filter((re) => re.test(password)).length;
  return password.length + 2 * new Set(password).size + 15 * (classes - 1);
}

/**
 * The first password rule broken, as a translated message, or undefined. The length rule reads
 * `password.length` as the reference does: a value without one (a number, `true`) is not "too short"
 * and fails the score (0) as `password.weak`; an absent password counts as empty.
 */
export function passwordError(password: unknown): TranslatedMessage | undefined {
  const length = password === undefined || password === null ? 0 : (password as { length?: unknown }).length;
  if (typeof length === 'number' && length < MIN_PASSWORD_LENGTH) {
    return {
      message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
      translationKey: 'password.length.minimum',
      translationParams: { minimum: MIN_PASSWORD_LENGTH },
    };
  }
  if (passwordScore(password) < MIN_PASSWORD_SCORE) {
    return {
      message: 'The password is too easy to guess. Include a range of types of characters to increase the score.',
      translationKey: 'password.weak',
    };
  }
  return undefined;
}

/** `length` characters drawn uniformly from the random alphabet (crypto RNG). */
export function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += RANDOM_ALPHABET[randomInt(RANDOM_ALPHABET.length)];
  return out;
}

/** A random password that passes the strength rule (users with token login or SSO never type it). */
export function randomPassword(): string {
  for (;;) {
    const candidate = randomString(GENERATED_LENGTH);
    if (passwordScore(candidate) >= MIN_PASSWORD_SCORE) return candidate;
  }
}
