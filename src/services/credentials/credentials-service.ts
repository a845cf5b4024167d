import type { Couch } from '../../db/couch.js';
import type { Doc } from '../../db/types.js';
import { AppError } from '../../errors.js';
import { decryptCredential, encryptCredential } from './vault-cipher.js';

interface CredentialDoc extends Doc {
  password?: string;
}

const DECRYPT_ERROR = 'Error decrypting credential. Try setting the credential again.';

/** The id of a credential in `<db>-vault`. */
export function credentialDocId(key: string): string {
  return `credential:${encodeURIComponent(key)}`;
}

/**
 * Secrets for third parties (Africa's Talking, RapidPro…) in `<db>-vault`, encrypted with the
 * CouchDB cookie secret (contacts-users §2.21). Values never leave this class except to the caller
 * that asked; nothing here logs them.
 */
export class CredentialsService {
  constructor(private readonly deps: { couch: Couch }) {}

  /** Stores (creates or replaces) a credential. */
  async set(key: string, value: string): Promise<void> {
    const vault = this.deps.couch.vault;
    const id = credentialDocId(key);
    const existing = (await vault.get(id)) as CredentialDoc | undefined;
    const password = encryptCredential(await this.secret(), value);
    await vault.put({ ...(existing ?? { _id: id }), password });
  }

  /** A credential in clear, read on every call (no restart after a change); undefined when not set. */
  async get(key: string): Promise<string | undefined> {
    const doc = (await this.deps.couch.vault.get(credentialDocId(key))) as CredentialDoc | undefined;
    if (!doc?.password) return undefined;
    const secret = await this.secret();
    try {
      return decryptCredential(secret, doc.password);
    } catch (err) {
      throw new AppError(500, DECRYPT_ERROR, { cause: err, publicMessage: DECRYPT_ERROR });
    }
  }

  /** CouchDB 3.4 keeps the cookie secret in `chttpd_auth`; older servers (and CHT's reader) in `couch_httpd_auth`. */
  private async secret(): Promise<string> {
    const couch = this.deps.couch;
    const secret = (await couch.getConfig('chttpd_auth', 'secret')) || (await couch.getConfig('couch_httpd_auth', 'secret'));
    if (!secret) throw new AppError(500, 'No CouchDB secret configured to encrypt credentials');
    return secret;
  }
}
