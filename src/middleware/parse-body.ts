import express, { type RequestHandler } from 'express';
import { BadRequestError } from '../errors.js';
import { nestedDeeperThan } from './json-depth.js';

/** Request bodies above this are refused with 413 (settings spec §0.5). */
export const MAX_BODY = '32mb';

/**
 * JSON bodies nesting deeper are refused with 400: recursive code (structuredClone, JSON.stringify,
 * deep merges) overflows the stack a few thousand levels down. Real CHT payloads stay near 10 levels
 * (app settings: `forms.<F>.fields.<f>.labels.short.<locale>`; reports: a few XForm groups and repeats).
 */
export const MAX_JSON_DEPTH = 100;

/** A JSON parser followed by the depth check. */
function depthLimited(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (err?: unknown) => {
      if (err) return next(err);
      next(nestedDeeperThan(req.body, MAX_JSON_DEPTH) ? new BadRequestError('Request body is nested too deeply') : undefined);
    });
  };
}

const jsonParser = depthLimited(express.json({ limit: MAX_BODY, type: () => true }));
const lenientJsonParser = depthLimited(express.json({ limit: MAX_BODY }));
const formParser = express.urlencoded({ limit: MAX_BODY, extended: false });
const csvParser = express.text({ limit: MAX_BODY, type: 'text/csv' });
const textParser = express.text({ limit: MAX_BODY, type: ['text/plain', 'application/xml', 'text/csv'] });

function contentType(header: string | undefined): string {
  return header ?? '';
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
export function jsonBody(): RequestHandler {
  return lenientJsonParser;
}

/** `application/x-www-form-urlencoded`, flat values. */
export function formBody(): RequestHandler {
  return formParser;
}

/** Raw text for `text/plain`, `application/xml` and `text/csv`. */
export function textBody(): RequestHandler {
  return textParser;
}
