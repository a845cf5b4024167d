import express, { type Request, type Response } from 'express';

const parse = express.json({ limit: '256mb', type: () => true });

/**
 * Parses a JSON body for a compatibility check and marks it parsed, so express-pouchdb's
 * body-parser 1 (which honours `req._body`) reuses it instead of waiting for a consumed stream.
 * Resolves undefined when the body is not valid JSON (express-pouchdb then answers as usual).
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
