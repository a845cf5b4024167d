import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '../../errors.js';
import type { CredentialsService } from '../../services/credentials/credentials-service.js';

/** Constant-time comparison of a presented secret with the stored one. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Checks an aggregator's incoming secret against the vault (settings spec §6.3, §6.4): no stored
 * credential → 403 `No incoming key configured`; a different one → 403 `Incorrect token`.
 */
export async function checkIncomingSecret(credentials: CredentialsService, key: string, given: unknown): Promise<void> {
  const expected = await credentials.get(key);
  if (!expected) throw new ForbiddenError('No incoming key configured');
  if (typeof given !== 'string' || !sameSecret(given, expected)) throw new ForbiddenError('Incorrect token');
}
