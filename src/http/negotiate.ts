import type { Request } from 'express';

/** JSON only when content negotiation over (text, json) picks json (contacts-users §1.5.1). */
export function wantsJson(req: Request): boolean {
  return req.accepts(['text', 'json']) === 'json';
}

/**
 * A browser (or the CHT Android app's Dalvik client) gets redirected to the login page on 401.
 * The reference treats any User-Agent as human; here only browser-like ones are, so scripts and
 * scrapers (curl, Prometheus, integrations) get a 401 instead of a login page (clients.md §5.6).
 */
export function isHumanClient(req: Request): boolean {
  const ua = req.headers['user-agent'];
  if (!ua) return false;
  if (ua.startsWith('Dalvik/')) return !ua.includes('medic.gateway') && !ua.includes('.collect.android');
  return ua.includes('Mozilla/');
}
