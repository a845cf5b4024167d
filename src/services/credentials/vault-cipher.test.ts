import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { describe, it } from 'node:test';
import { decryptCredential, encryptCredential, vaultKey } from './vault-cipher.js';

describe('vault cipher (contacts-users §2.21)', () => {
  it('repeats the secret to 32 bytes, or cuts it', () => {
    assert.equal(vaultKey('abc').toString(), 'abcabcabcabcabcabcabcabcabcabcab');
    assert.equal(vaultKey('x'.repeat(48)).length, 32);
    assert.throws(() => vaultKey(''), /empty/);
  });

  it('reads a value stored by the reference scheme: "<iv hex>:<AES-256-CBC hex>"', () => {
    const secret = '92f5cbd2f5a3b1d7e4a6';
    const iv = Buffer.alloc(16, 7);
    const cipher = createCipheriv('aes-256-cbc', Buffer.from(secret.repeat(2).slice(0, 32)), iv);
    const stored = `${iv.toString('hex')}:${Buffer.concat([cipher.update('my pass', 'utf8'), cipher.final()]).toString('hex')}`;
    assert.equal(decryptCredential(secret, stored), 'my pass');
  });

  it('round-trips with a fresh IV each time, and fails with another secret', () => {
    const a = encryptCredential('secret', 'pässwörd');
    const b = encryptCredential('secret', 'pässwörd');
    assert.notEqual(a, b);
    assert.match(a, /^[0-9a-f]{32}:[0-9a-f]{32}$/);
    assert.equal(decryptCredential('secret', a), 'pässwörd');
    let withOtherSecret: string | undefined;
    try {
      withOtherSecret = decryptCredential('other-secret', a); // a bad pad throws, almost always
    } catch {
      withOtherSecret = undefined;
    }
    assert.notEqual(withOtherSecret, 'pässwörd');
    assert.throws(() => decryptCredential('secret', 'not-a-value'));
  });
});
