import type { ErrorRequestHandler, Request, Response } from 'express';
import { ZodError } from 'zod';
import { AppError, UnauthorizedError, type ErrorMessage } from '../errors.js';
import { isHumanClient, wantsJson } from '../http/negotiate.js';
import { describeJsonSyntaxError } from './json-syntax-error.js';

/** Errors raised by body-parser carry a `type`; these are the client's fault, not ours. */
interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
  /** http-errors' flag: the message is safe to show the client. */
  expose?: boolean;
  /** The raw body text, on parse failures. */
  body?: unknown;
}

/** Maps anything thrown to an AppError; unknown errors become a bare 500 (the text stays in the log). */
export function normalizeError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    return new AppError(400, err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  // the router could not decode a percent-encoded path parameter (e.g. `/api/v1/person/%E0%A4%A`)
  if (err instanceof URIError) return new AppError(400, `Malformed URL: ${err.message}`);
  const bp = err as BodyParserError;
  switch (bp?.type) {
    case 'entity.too.large':
      return new AppError(413, 'Payload Too Large');
    case 'entity.parse.failed':
      // the position only: V8's message quotes the body, which may hold a password
      return new AppError(400, `Invalid JSON in request body: ${typeof bp.body === 'string' ? describeJsonSyntaxError(bp.body) : 'parse error'}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, bp.message ?? 'Unsupported encoding');
    case 'request.aborted':
    case 'request.size.invalid':
      return new AppError(400, bp.message ?? 'Invalid request body');
  }
  // any other client error body-parser raises: a body that does not inflate (bad gzip), too many form fields
  if (bp?.expose === true && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
    return new AppError(bp.status, `Invalid request body: ${bp.message ?? 'unreadable'}`);
  }
  return new AppError(500, 'Server error', { cause: err });
}

/** The 401 answer in its four shapes (contacts-users §1.2.4). */
export function sendNotLoggedIn(req: Request, res: Response, options: { prompt: boolean; dbName: string }): void {
  res.setHeader('logout-authorization', 'CHT-Core API');
  if (!options.prompt && wantsJson(req)) {
    res.status(401).json({ code: 401, error: 'unauthorized' });
    return;
  }
  if (!options.prompt && isHumanClient(req)) {
    res.cookie('login', 'force', { sameSite: 'lax', secure: req.secure });
    res.redirect(302, `/${options.dbName}/login?redirect=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  res.setHeader('WWW-Authenticate', 'Basic realm="Medic Web Services"');
  res.status(401).type('text/plain').send('not logged in');
}

/** The error envelope: `{code, error, details}` JSON in that key order, or text (contacts-users §1.5.2). */
export function sendError(req: Request, res: Response, err: AppError, dbName: string): void {
  if (err.status === 401) {
    sendNotLoggedIn(req, res, { prompt: err instanceof UnauthorizedError && err.prompt, dbName });
    return;
  }
  const serverError = err.status >= 500 && err.status !== 503;
  const message: ErrorMessage = serverError ? 'Server error' : err.body;
  const details = serverError ? err.publicMessage : err.details;
  if (wantsJson(req)) {
    res.status(err.status).type('application/json').send(JSON.stringify({ code: err.status, error: message, details }));
    return;
  }
  const text = typeof message === 'string' ? message : message.message;
  res.status(err.status).type('text/plain').send(details === undefined ? text : `${text}: ${JSON.stringify(details)}`);
}

/** The last middleware: renders every error in one place and hides unknown ones. */
export function errorHandler(dbName: string): ErrorRequestHandler {
  return (rawErr, req, res, _next) => {
    const err = normalizeError(rawErr);
    if (err.status >= 500) req.log?.error({ err: rawErr }, err.message);
    else req.log?.debug({ status: err.status, error: err.message }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(req, res, err, dbName);
  };
}
