import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
} from '../errors.js';

/** The fields nano puts on the errors it rejects with. */
interface NanoError {
  statusCode?: number;
  error?: string;
  reason?: string;
  message?: string;
}

/** Status code of a CouchDB error, or undefined when CouchDB never answered. */
export function couchStatus(err: unknown): number | undefined {
  const status = (err as NanoError | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isNotFound(err: unknown): boolean {
  return couchStatus(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return couchStatus(err) === 409;
}

/** True when the failure is a connection problem rather than an answer from CouchDB. */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof ServiceUnavailableError) return true;
  if (couchStatus(err) !== undefined) return false;
  const text = `${(err as NanoError | undefined)?.message ?? ''} ${String((err as { cause?: unknown })?.cause ?? '')}`;
  return /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|UND_ERR|other side closed|error happened in your connection|fetch failed/i.test(
    text,
  );
}

/** Maps anything the database layer throws to an AppError; the only reader of nano's error fields. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isUnreachable(err)) return new ServiceUnavailableError('The database is unreachable; try again shortly', { cause: err });
  const e = (err ?? {}) as NanoError;
  const reason = e.reason ?? e.error ?? e.message ?? 'Unknown database error';
  switch (e.statusCode) {
    case 400:
      return new BadRequestError(reason, { cause: err });
    case 403:
      return new ForbiddenError(reason, { cause: err });
    case 404:
      return new NotFoundError(reason, { cause: err });
    case 409:
      return new ConflictError('Document update conflict', { cause: err });
    case 414: // URI Too Long (CouchDB)
    case 431: // Request Header Fields Too Large (a Node server: the request line counts)
      // the URL carries the id (or key): the caller sent one too long for the database to take
      return new BadRequestError('Document id too long', { cause: err });
    case 412:
    case 413:
    case 415:
      return new AppError(e.statusCode, reason, { cause: err });
    default:
      return new AppError(500, 'Server error', { cause: err });
  }
}
