/** Parsing of `Authorization: Basic` headers. */

export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * Username and password of a Basic header. The reference splits on every `:` and keeps the first
 * two parts (contacts-users §1.2.2); here the password is everything after the first `:`, as RFC 7617 says.
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
