import type { RequestHandler } from 'express';
import { locals, pathSegments } from './context.js';
import { readJsonBody } from './json-body.js';

/**
 * `PUT /{db}/_security`: CouchDB reads the body as JSON whatever its Content-Type (curl's default
 * form type, text/plain); express-pouchdb parses only application/json and would store `{}` for
 * the rest, locking the members out. Parse it here (express-pouchdb reuses the parsed body);
 * invalid JSON goes to the error handler as 400 bad_request. Runs after db-access, so only
 * admins' bodies are read.
 */
export function securityBody(): RequestHandler {
  return async (req, res, next) => {
    const [, second, ...more] = pathSegments(req);
    if (req.method !== 'PUT' || second !== '_security' || more.length > 0 || !locals(res).db) {
      next();
      return;
    }
    try {
      await readJsonBody(req, res);
    } catch (err) {
      next(err);
      return;
    }
    next();
  };
}
