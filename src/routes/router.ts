import { Router } from 'express';

/**
 * A router with the reference's routing rules: a trailing slash is a different route (contacts-users
 * §1.1; the app-level `strict routing` setting does not reach routers), so `/api/v1/users/` is not
 * `/api/v1/users`.
 */
export function apiRouter(options: { caseSensitive?: boolean } = {}): Router {
  return Router({ strict: true, ...options });
}
