import type { RequestHandler } from 'express';
import type { PouchDoc } from '../pouch/pouch-types.js';
import { locals, pathSegments } from './context.js';
import { sendError } from './send.js';

/** The design-document handlers CouchDB 3 runs in its JavaScript query server (deprecated there). */
const HANDLERS = new Set(['_show', '_list', '_update', '_rewrite']);

export function isDesignFunctionPath(segments: string[]): boolean {
  const [, first, , action] = segments;
  return first === '_design' && action !== undefined && HANDLERS.has(action);
}

type Answer = [status: number, error: string, reason: string];

const member = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;

const notSupported = (action: string): Answer => [501, 'not_implemented', `${action} is not supported by the embedded store`];

/**
 * What CouchDB 3 answers when the design document lacks the function; when it has it, 501 (the
 * store runs no show, list, update or rewrite code). `args` are the path segments after the action.
 */
function answer(action: string, ddoc: PouchDoc, args: string[]): Answer {
  const [name, ...rest] = args;
  // couch_util:get_nested_json_value, which chttpd's show and list handlers call first.
  const nested = (section: string): Answer | undefined => {
    const functions = member(ddoc, section);
    if (functions === undefined) return [404, 'not_found', `missing json key: ${section}`];
    if (name === undefined || member(functions, name) === undefined) return [404, 'not_found', `missing json key: ${name ?? ''}`];
    return undefined;
  };
  switch (action) {
    case '_show':
      if (name === undefined) return [404, 'show_error', 'Invalid path.'];
      return nested('shows') ?? notSupported(action);
    case '_list':
      if (rest.length < 1 || rest.length > 2) return [404, 'list_error', 'Bad path.'];
      return nested('lists') ?? notSupported(action);
    case '_update':
      if (name === undefined) return [404, 'update_error', 'Invalid path.'];
      if (member(member(ddoc, 'updates'), name) === undefined) {
        // The query server's words for an update function the design doc does not have.
        return [404, 'not_found', `missing updates function ${name} on design doc ${ddoc._id}`];
      }
      return notSupported(action);
    default: // _rewrite
      if (member(ddoc, 'rewrites') === undefined) return [404, 'rewrite_error', 'Invalid path.'];
      return notSupported(action);
  }
}

/**
 * `/{db}/_design/{ddoc}/_show|_list|_update|_rewrite/...`, any method, answered here: none of it
 * reaches express-pouchdb, whose attachment routes took `_rewrite/x` for an attachment name (a
 * TypeError and an unhandled rejection on system databases) and whose show/list/update routes
 * are not mounted. As in CouchDB the design document is opened first (404 `missing`/`deleted`);
 * then the answer CouchDB gives when the function is absent, or 501 when it is present. Access
 * was checked before (db-access.ts: members may call design functions, as in CouchDB).
 */
export function designFunctions(): RequestHandler {
  return async (req, res, next) => {
    const { db } = locals(res);
    const segments = pathSegments(req);
    if (!db || !isDesignFunctionPath(segments)) {
      next();
      return;
    }
    const [, , name = '', action = '', ...args] = segments;
    let ddoc: PouchDoc;
    try {
      ddoc = await db.get(`_design/${name}`);
    } catch (err) {
      const e = err as { status?: unknown; reason?: unknown };
      if (e?.status !== 404) throw err;
      sendError(res, 404, 'not_found', e.reason === 'deleted' ? 'deleted' : 'missing');
      return;
    }
    const [status, error, reason] = answer(action, ddoc, args);
    sendError(res, status, error, reason);
  };
}
