import type { IncomingHttpHeaders } from 'node:http';

/** `Authorization: Basic` name and password, split on the first colon as CouchDB does. */
export function basicCredentials(headers: IncomingHttpHeaders): { name: string; password: string } | undefined {
  const header = headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The AuthSession cookie value, if sent. */
export function sessionCookie(headers: IncomingHttpHeaders): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === 'AuthSession') return rest.join('=') || undefined;
  }
  return undefined;
}

/**
 * Removes the credentials once the compatibility layer has checked them, so express-pouchdb does
 * not authenticate the request a second time (and does not send its own Expires-less cookie).
 */
export function stripCredentials(headers: IncomingHttpHeaders): void {
  delete headers.authorization;
  if (headers.cookie) {
    const kept = headers.cookie
      .split(';')
      .map((p) => p.trim())
      .filter((p) => p && !p.startsWith('AuthSession='));
    if (kept.length) headers.cookie = kept.join('; ');
    else delete headers.cookie;
  }
}
