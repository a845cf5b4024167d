/**
 * The one error family of the server. Services throw these; `middleware/error-handler.ts`
 * renders them in the reference's wire format (contacts-users §1.5).
 */

/** A translated user-management validation message (contacts-users §2.13.9). */
export interface TranslatedMessage {
  message: string;
  translationKey: string;
  translationParams?: Record<string, unknown>;
}

export type ErrorMessage = string | TranslatedMessage;

export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** For 5xx errors: a message safe to show to clients, sent as `details`. */
  publicMessage?: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly body: ErrorMessage;
  readonly details: unknown;
  readonly publicMessage: string | undefined;

  constructor(status: number, message: ErrorMessage, options: AppErrorOptions = {}) {
    super(typeof message === 'string' ? message : message.message, { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.body = message;
    this.details = options.details;
    this.publicMessage = options.publicMessage;
  }
}

export class BadRequestError extends AppError {
  constructor(message: ErrorMessage, options?: AppErrorOptions) {
    super(400, message, options);
  }
}

export class UnauthorizedError extends AppError {
  /** Answer with the Basic-auth prompt whatever the client accepts (contacts-users §1.2.4). */
  readonly prompt: boolean;

  constructor(message: ErrorMessage = 'Not logged in', options: AppErrorOptions & { prompt?: boolean } = {}) {
    super(401, message, options);
    this.prompt = options.prompt ?? false;
  }
}

export class ForbiddenError extends AppError {
  constructor(message: ErrorMessage = 'Insufficient privileges', options?: AppErrorOptions) {
    super(403, message, options);
  }
}

export class NotFoundError extends AppError {
  constructor(message: ErrorMessage = 'Not found', options?: AppErrorOptions) {
    super(404, message, options);
  }
}

export class ConflictError extends AppError {
  constructor(message: ErrorMessage = 'Document update conflict', options?: AppErrorOptions) {
    super(409, message, options);
  }
}

export class TooManyRequestsError extends AppError {
  constructor() {
    super(429, 'Too Many Requests');
  }
}

/** The database (CouchDB or the embedded store) cannot be reached. */
export class ServiceUnavailableError extends AppError {
  constructor(message = 'Database unavailable', options?: AppErrorOptions) {
    super(503, message, options);
  }
}

/** Narrows an unknown thrown value to an AppError. */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
