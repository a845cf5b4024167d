import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CouchDB password hashes: `-pbkdf2-<derived key hex>,<salt>,<iterations>` for server admins
 * (the form express-pouchdb's config writes too), and the `_users` doc fields
 * `password_scheme`, `derived_key`, `salt`, `iterations`, `pbkdf2_prf`.
 * https://docs.couchdb.org/en/stable/intro/security.html#password-hashing
 */

const ADMIN_HASH = /^-pbkdf2(?::(sha|sha256))?-([\da-f]+),([\da-f]+),(\d+)$/;
const ADMIN_ITERATIONS = 10;

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function pbkdf2Hex(password: string, salt: string, iterations: number, prf: string): string {
  const digest = prf === 'sha256' ? 'sha256' : prf === 'sha512' ? 'sha512' : 'sha1';
  const keyLength = digest === 'sha1' ? 20 : digest === 'sha256' ? 32 : 64;
  return pbkdf2Sync(password, salt, iterations, keyLength, digest).toString('hex');
}

/** A new admin hash in the `-pbkdf2-` form express-pouchdb keeps as is. */
export function hashAdminPassword(password: string): string {
  const salt = randomBytes(16).toString('hex');
  return `-pbkdf2-${pbkdf2Hex(password, salt, ADMIN_ITERATIONS, 'sha')},${salt},${ADMIN_ITERATIONS}`;
}

/** The salt of an admin hash (part of the AuthSession cookie signature), or undefined. */
export function adminSalt(hash: unknown): string | undefined {
  return typeof hash === 'string' ? ADMIN_HASH.exec(hash)?.[3] : undefined;
}

/** True when `password` matches a `-pbkdf2-` admin hash. Plain-text values never match. */
export function verifyAdminPassword(hash: unknown, password: string): boolean {
  if (typeof hash !== 'string') return false;
  const m = ADMIN_HASH.exec(hash);
  if (!m) return false;
  const [, prf = 'sha', key = '', salt = '', iterations = '0'] = m;
  return sameHex(pbkdf2Hex(password, salt, Number(iterations), prf), key);
}

/** The credential fields of a `_users` document. */
export interface UserCredentials {
  password_scheme?: unknown;
  derived_key?: unknown;
  salt?: unknown;
  iterations?: unknown;
  pbkdf2_prf?: unknown;
  password_sha?: unknown;
}

/** True when `password` matches a `_users` document (pbkdf2 with sha1/sha256, or the legacy "simple" scheme). */
export function verifyUserPassword(doc: UserCredentials, password: string): boolean {
  if (typeof doc.salt !== 'string') return false;
  if (doc.password_scheme === 'pbkdf2' && typeof doc.derived_key === 'string') {
    const iterations = Number(doc.iterations);
    if (!Number.isInteger(iterations) || iterations < 1) return false;
    const prf = typeof doc.pbkdf2_prf === 'string' ? doc.pbkdf2_prf : 'sha';
    return sameHex(pbkdf2Hex(password, doc.salt, iterations, prf), doc.derived_key);
  }
  if (typeof doc.password_sha === 'string') {
    const sha = createHash('sha1').update(password + doc.salt).digest('hex');
    return sameHex(sha, doc.password_sha);
  }
  return false;
}
