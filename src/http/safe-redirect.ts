/** A placeholder origin to resolve redirects against: only what stays on it is a path of ours. */
const HOME = 'http://home.invalid';
/** Control characters (browsers drop tabs and line breaks from URLs) and backslashes (read as `/`). */
const isUnsafe = (ch: string) => ch === '\\' || ch <= '\u001f' || (ch >= '\u007f' && ch <= '\u009f');

/**
 * Only same-origin paths are followed after login: the value, resolved as a browser would, must stay on
 * this origin, and is returned as its path, query and fragment. Anything else goes to the app root.
 */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || [...value].some(isUnsafe)) return '/';
  try {
    const url = new URL(value, HOME);
    return url.origin === HOME ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
