import express, { type Request, type Response } from 'express';

/** The largest request body the compatibility layer reads (JSON or multipart) before express-pouchdb. */
export const BODY_LIMIT = '256mb';

const parse = express.json({ limit: BODY_LIMIT, type: () => true });

/**
 * Parses a JSON body for a compatibility check and marks it parsed, so express-pouchdb's
 * body-parser 1 (which honours `req._body`) reuses it instead of waiting for a consumed stream.
 * The Content-Type is not looked at: CouchDB reads bodies as JSON whatever it says.
 *
 * Resolves the parsed body (`{}` for an empty one), or undefined when the request announces no
 * body at all (neither Content-Length nor Transfer-Encoding). Rejects with
 * body-parser's error when the body cannot be read: invalid JSON (`type: 'entity.parse.failed'`,
 * status 400), too large (`entity.too.large`, 413), an unsupported charset or encoding (415).
 * Callers let the rejection reach compat/error-handler.ts (an async middleware's rejection goes
 * to express's error path), which answers CouchDB's 400 `bad_request` "invalid UTF-8 JSON" / 413.
 */
export function readJsonBody(req: Request, res: Response): Promise<unknown> {
  if ((req as Request & { _body?: boolean })._body) return Promise.resolve(req.body as unknown);
  return new Promise((resolve, reject) => {
    parse(req, res, (err?: unknown) => {
      if (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      (req as Request & { _body?: boolean })._body = true;
      resolve(req.body as unknown);
    });
  });
}
