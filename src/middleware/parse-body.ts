import type { IncomingMessage } from 'node:http';
import express, { type Request, type RequestHandler } from 'express';
import { AppError, BadRequestError, UnauthorizedError } from '../errors.js';
import type { SessionUser } from '../services/session-service.js';
import { jsonNestedDeeperThan } from './json-depth.js';

/** Request bodies above this are refused with 413 (settings spec §0.5). */
export const MAX_BODY = '32mb';

/**
 * Bodies above this many bytes are parsed only for a logged-in caller: parsing 20 MB of JSON holds
 * the event loop for seconds, which nobody without a session may make the server do. By
 * Content-Length when the request declares one; otherwise (chunked, or compressed) once read.
 * Routes that take no session (login, SMS aggregator callbacks) parse no body above it at all.
 */
export const ANONYMOUS_BODY_BYTES = 1024 * 1024;

/**
 * JSON bodies nesting deeper are refused with 400: recursive code (structuredClone, JSON.stringify,
 * deep merges) overflows the stack a few thousand levels down. Real CHT payloads stay near 10 levels
 * (app settings: `forms.<F>.fields.<f>.labels.short.<locale>`; reports: a few XForm groups and repeats).
 */
export const MAX_JSON_DEPTH = 100;

/** Thrown from a parser's `verify` hook (read, not yet parsed); carries the error to answer with. */
class BodyRefused extends Error {
  constructor(readonly refusal: unknown) {
    super('Request body refused');
  }
}

/** Requests whose body is of unknown size and whose caller has no session: the error a large body gets. */
const largeBodyRefusals = new WeakMap<IncomingMessage, unknown>();

function refuseLargeAnonymous(req: IncomingMessage, body: Buffer): void {
  const refusal = largeBodyRefusals.get(req);
  if (refusal !== undefined && body.length > ANONYMOUS_BODY_BYTES) throw new BodyRefused(refusal);
}

/** The body as UTF-8 bytes or as text, for the depth scan; 415 for a charset this runtime cannot decode. */
function jsonText(body: Buffer, charset: string): Uint8Array | string {
  if (charset === 'utf-8' || charset === 'utf8') return body;
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    throw new BodyRefused(new AppError(415, `unsupported charset "${charset.toUpperCase()}"`));
  }
}

/** Runs on the raw body once read and before it is parsed: size rule, then the depth check on the text. */
function verifyJson(req: IncomingMessage, _res: unknown, body: Buffer, charset: string): void {
  refuseLargeAnonymous(req, body);
  if (jsonNestedDeeperThan(jsonText(body, charset), MAX_JSON_DEPTH)) {
    throw new BodyRefused(new BadRequestError('Request body is nested too deeply'));
  }
}

function verifyOther(req: IncomingMessage, _res: unknown, body: Buffer): void {
  refuseLargeAnonymous(req, body);
}

/** How big the body says it is: no body or at most the anonymous bound, above it, or unknown until read. */
function declaredSize(req: Request): 'small' | 'large' | 'unknown' {
  const length = req.headers['content-length'];
  if (length !== undefined && Number(length) > ANONYMOUS_BODY_BYTES) return 'large';
  if (req.headers['transfer-encoding'] === undefined && !Number(length)) return 'small'; // no body at all
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  return length === undefined || encoding !== 'identity' ? 'unknown' : 'small'; // a compressed body inflates
}

/** The caller's session (cached by the session service), or why it could not be looked up. */
async function callerOf(req: Request): Promise<{ user?: SessionUser; failure?: unknown }> {
  const auth = (req as Partial<Pick<Request, 'auth'>>).auth;
  if (!auth) return {};
  try {
    return { user: await auth.user() };
  } catch (failure) {
    return { failure };
  }
}

/** Maps the errors of the verify hooks back to the answer they carry. */
function unwrapping(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (err?: unknown) => next(err instanceof BodyRefused ? err.refusal : err));
  };
}

/**
 * A parser for routes that need a session: a body above `ANONYMOUS_BODY_BYTES` is parsed only once
 * the session is known to be valid (401 in its usual shapes otherwise, 503 when it cannot be looked up).
 */
function sessionGated(parser: RequestHandler, parses: (req: Request) => boolean): RequestHandler {
  const unwrapped = unwrapping(parser);
  return (req, res, next) => {
    const size = declaredSize(req);
    if (size === 'small' || !parses(req)) return unwrapped(req, res, next);
    void callerOf(req).then(({ user, failure }) => {
      if (!user) {
        const refusal = failure ?? new UnauthorizedError();
        if (size === 'large') return next(refusal); // not even read
        largeBodyRefusals.set(req, refusal); // read, and refused by the verify hook above the bound
      }
      unwrapped(req, res, next);
    }).catch(next);
  };
}

const FORM = 'application/x-www-form-urlencoded';
const TEXT_TYPES = ['text/plain', 'application/xml', 'text/csv'];
const isJson = (req: Request) => !!req.is('application/json');
const isForm = (req: Request) => !!req.is(FORM);

const jsonParser = sessionGated(express.json({ limit: MAX_BODY, type: () => true, verify: verifyJson }), () => true);
const lenientJsonParser = sessionGated(express.json({ limit: MAX_BODY, verify: verifyJson }), isJson);
const formParser = sessionGated(express.urlencoded({ limit: MAX_BODY, extended: false, verify: verifyOther }), isForm);
const csvParser = sessionGated(express.text({ limit: MAX_BODY, type: 'text/csv', verify: verifyOther }), () => true);
const textParser = sessionGated(express.text({ limit: MAX_BODY, type: TEXT_TYPES, verify: verifyOther }), (req) => !!req.is(TEXT_TYPES));
/** Routes without a session: bodies above the anonymous bound get 413 before any parsing. */
const sessionlessJsonParser = unwrapping(express.json({ limit: ANONYMOUS_BODY_BYTES, verify: verifyJson }));
const sessionlessFormParser = express.urlencoded({ limit: ANONYMOUS_BODY_BYTES, extended: false });

function contentType(header: string | undefined): string {
  return header ?? '';
}

/** Options of the lenient parsers. */
export interface BodyOptions {
  /**
   * The route takes no session (login, SMS aggregator callbacks): no session lookup before parsing,
   * and bodies above `ANONYMOUS_BODY_BYTES` are refused with 413.
   */
  sessionless?: boolean;
}

/**
 * `postJson`/`putJson` routes: the raw Content-Type must be exactly `application/json`, checked
 * before authentication (contacts-users §1.4). Malformed JSON is a 400 here (the reference: 500).
 */
export function strictJsonBody(): RequestHandler[] {
  return [
    (req, _res, next) => {
      next(contentType(req.headers['content-type']) === 'application/json' ? undefined : new BadRequestError('Content-Type must be application/json'));
    },
    jsonParser,
  ];
}

/** `postJsonOrCsv`: exactly `application/json` or exactly `text/csv` (contacts-users §2.14). */
export function strictJsonOrCsvBody(): RequestHandler[] {
  return [
    (req, res, next) => {
      const type = contentType(req.headers['content-type']);
      if (type === 'application/json') return jsonParser(req, res, next);
      if (type === 'text/csv') return csvParser(req, res, next);
      next(new BadRequestError('Content-Type must be application/json or text/csv'));
    },
  ];
}

/** JSON with any charset; other content types leave an empty body (body-parser semantics). */
export function jsonBody(options: BodyOptions = {}): RequestHandler {
  return options.sessionless ? sessionlessJsonParser : lenientJsonParser;
}

/** `application/x-www-form-urlencoded`, flat values. */
export function formBody(options: BodyOptions = {}): RequestHandler {
  return options.sessionless ? sessionlessFormParser : formParser;
}

/** Raw text for `text/plain`, `application/xml` and `text/csv`. */
export function textBody(): RequestHandler {
  return textParser;
}
