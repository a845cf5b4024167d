/** The vault's encryption (contacts-users §2.21): AES-256-CBC keyed by the CouchDB cookie secret. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The secret's UTF-8 bytes repeated, then cut, to 32 bytes. */
export function vaultKey(secret: string): Buffer {
  const bytes = Buffer.from(secret, 'utf8');
  if (!bytes.length) throw new Error('The CouchDB secret is empty');
  return Buffer.concat(Array.from({ length: Math.ceil(32 / bytes.length) }, () => bytes)).subarray(0, 32);
}

/** `"<iv hex>:<ciphertext hex>"` with a random 16-byte IV. */
export function encryptCredential(secret: string, plain: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', vaultKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${iv.toString('hex')}:${body.toString('hex')}`;
}

/** The plain text of an `"<iv hex>:<ciphertext hex>"` value; throws when it cannot be read with this secret. */
export function decryptCredential(secret: string, stored: string): string {
  const [ivHex, bodyHex, ...rest] = stored.split(':');
  if (!ivHex || bodyHex === undefined || rest.length) throw new Error('not an iv:ciphertext value');
  const iv = Buffer.from(ivHex, 'hex');
  const decipher = createDecipheriv('aes-256-cbc', vaultKey(secret), iv);
  return Buffer.concat([decipher.update(Buffer.from(bodyHex, 'hex')), decipher.final()]).toString('utf8');
}
