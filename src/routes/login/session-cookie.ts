/**
 * cht-conf's session plugin throws on an `AuthSession` cookie without `Expires` (clients.md §1.1);
 * CouchDB 3.4 always sends one. Adds `Expires` and `Max-Age` when a server left them out.
 */
export function ensureCookieExpiry(setCookie: string, expires: Date, maxAgeSeconds: number): string {
  if (/;\s*expires=/i.test(setCookie)) return setCookie;
  const [pair, ...attributes] = setCookie.split(';');
  return [pair, ` Expires=${expires.toUTCString()}`, ` Max-Age=${maxAgeSeconds}`, ...attributes].join(';');
}
