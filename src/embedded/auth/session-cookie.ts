import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CouchDB's AuthSession cookie: base64url("<name>:<hex timestamp>:<HMAC-SHA1(secret + user salt)>").
 * https://docs.couchdb.org/en/stable/api/server/authn.html#cookie-authentication
 */

function signature(name: string, timestampHex: string, secret: string, salt: string): Buffer {
  return createHmac('sha1', secret + salt).update(`${name}:${timestampHex}`).digest();
}

/** The cookie value for `name`, issued at `nowSeconds`. */
export function issueSessionToken(name: string, salt: string, secret: string, nowSeconds: number): string {
  const ts = nowSeconds.toString(16).toUpperCase();
  return Buffer.concat([Buffer.from(`${name}:${ts}:`), signature(name, ts, secret, salt)]).toString('base64url');
}

export interface SessionToken {
  name: string;
  timestampHex: string;
  issuedAt: number;
  mac: Buffer;
}

/** Splits a cookie value; undefined when malformed. */
export function parseSessionToken(value: string): SessionToken | undefined {
  const raw = Buffer.from(value, 'base64url');
  const first = raw.indexOf(0x3a);
  const second = first < 0 ? -1 : raw.indexOf(0x3a, first + 1);
  if (first <= 0 || second < 0) return undefined;
  const name = raw.subarray(0, first).toString('utf8');
  const timestampHex = raw.subarray(first + 1, second).toString('latin1');
  const issuedAt = parseInt(timestampHex, 16);
  if (!/^[0-9A-Fa-f]+$/.test(timestampHex) || !Number.isFinite(issuedAt)) return undefined;
  return { name, timestampHex, issuedAt, mac: raw.subarray(second + 1) };
}

/** True when the token was signed with `secret` and this user's salt. */
export function tokenSignatureValid(token: SessionToken, secret: string, salt: string): boolean {
  const expected = signature(token.name, token.timestampHex, secret, salt);
  return expected.length === token.mac.length && timingSafeEqual(expected, token.mac);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** mochiweb's cookie date, as CouchDB sends it: `Tue, 13-Dec-2022 13:54:19 GMT`. */
export function cookieDate(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} GMT`
  );
}

/**
 * The Set-Cookie header CouchDB 3.4 sends. It must carry Expires: nano's cookie jar and
 * cht-conf's session plugin drop or reject a cookie without it.
 */
export function sessionSetCookie(token: string, timeoutSeconds: number, nowMs: number): string {
  const expires = cookieDate(new Date(nowMs + timeoutSeconds * 1000));
  return `AuthSession=${token}; Version=1; Expires=${expires}; Max-Age=${timeoutSeconds}; Path=/; HttpOnly`;
}

/** Clears the cookie, as CouchDB's DELETE /_session does. */
export function clearSessionCookie(): string {
  return 'AuthSession=; Version=1; Path=/; HttpOnly';
}
