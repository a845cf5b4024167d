import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { PassThrough, type Readable } from 'node:stream';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { docProblem, type ShapeError } from './body-shapes.js';
import { locals, pathSegments } from './context.js';
import { documentId } from './doc-id.js';
import { BODY_LIMIT } from './json-body.js';
import { sendError } from './send.js';

interface MultipartPart extends Readable {
  filename?: string | null;
}
interface MultipartForm {
  on(event: 'part', listener: (part: MultipartPart) => void): this;
  on(event: 'error', listener: (err: Error & { status?: number }) => void): this;
  on(event: 'close', listener: () => void): this;
  parse(req: Readable & { headers: IncomingHttpHeaders }): void;
}

// The very multiparty express-pouchdb parses with, so both read a body the same way.
const pouchRequire = createRequire(createRequire(import.meta.url).resolve('express-pouchdb'));
const { Form } = pouchRequire('multiparty') as { Form: new () => MultipartForm };

/** multiparty's default maxFieldsSize: past it, express-pouchdb's form fails. */
const MAX_FIELD_BYTES = 2 * 1024 * 1024;

const readRaw = express.raw({ limit: BODY_LIMIT, type: () => true });

interface Part {
  /** multiparty's own test: a part with a filename is a file (an attachment), any other a field. */
  file: boolean;
  filename: string;
  /** The bytes of a field (files are only counted). */
  body: Buffer;
}

const badRequest = (reason: string): ShapeError => ({ status: 400, error: 'bad_request', reason });
const tooLarge: ShapeError = { status: 413, error: 'too_large', reason: 'the request entity is too large' };
const notJson: ShapeError = { status: 415, error: 'bad_content_type', reason: 'Content-Type must be application/json' };

function rawBody(req: Request, res: Response): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readRaw(req, res, (err?: unknown) => {
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    });
  });
}

/**
 * Runs multiparty over a buffered body as express-pouchdb would, without its temporary files.
 * Resolves the parts, or the problem multiparty found (no closing boundary, a bad header ...).
 */
function parseParts(body: Buffer, headers: IncomingHttpHeaders): Promise<Part[] | ShapeError> {
  return new Promise((resolve) => {
    const source = Object.assign(new PassThrough(), { headers });
    const form = new Form();
    const parts: Part[] = [];
    let failed = false;
    const fail = (err: Error & { status?: number }): void => {
      if (failed) return;
      failed = true;
      resolve(err.status === 413 ? tooLarge : badRequest(`Invalid multipart body: ${err.message}`));
    };
    form.on('part', (stream) => {
      const file = stream.filename != null;
      const part: Part = { file, filename: stream.filename ?? '', body: Buffer.alloc(0) };
      const chunks: Buffer[] = [];
      parts.push(part);
      stream.on('data', (chunk: Buffer) => {
        if (!file) chunks.push(chunk);
      });
      stream.on('end', () => (part.body = Buffer.concat(chunks)));
      stream.on('error', fail);
    });
    form.on('error', fail);
    form.on('close', () => {
      if (!failed) resolve(parts);
    });
    form.parse(source);
    source.end(body);
  });
}

/**
 * What express-pouchdb's `PUT /db/doc` (multipart/related) would trip over: it JSON.parses every
 * part without a filename inside a multiparty event (a throw there killed the process), then
 * merges the file parts into the doc's `_attachments` by name. Resolves the parsed doc when fine.
 */
function relatedProblem(parts: Part[]): ShapeError | { doc: unknown } {
  const [first, ...rest] = parts;
  if (!first || first.file) return badRequest('The first part of a multipart/related body must be the JSON document.');
  if (first.body.length > MAX_FIELD_BYTES) return tooLarge;
  let doc: unknown;
  try {
    doc = JSON.parse(first.body.toString('utf8')) as unknown;
  } catch {
    return badRequest('invalid UTF-8 JSON');
  }
  // A part without a filename would be parsed as the document again (CouchDB's own layout, with
  // attachments matched by order, is not something express-pouchdb reads).
  if (rest.some((part) => !part.file)) {
    return badRequest('Each attachment part of a multipart/related body needs a Content-Disposition filename.');
  }
  return docProblem(doc, new Set(rest.map((part) => part.filename))) ?? { doc };
}

/** The `boundary` parameter of a multipart Content-Type, as multiparty reads it. */
function boundaryOf(type: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  return match?.[1] ?? match?.[2];
}

/**
 * The body with its first (JSON) part replaced by `json`, or undefined when that part is not
 * where multiparty found it. A `Content-Length` among the part's headers is kept true.
 */
function withFirstPart(body: Buffer, type: string, original: Buffer, json: Buffer): Buffer | undefined {
  const boundary = boundaryOf(type);
  if (!boundary) return undefined;
  const opening = body.indexOf(`--${boundary}`);
  if (opening === -1) return undefined;
  const headersEnd = body.indexOf('\r\n\r\n', opening);
  if (headersEnd === -1) return undefined;
  const start = headersEnd + 4;
  const end = body.indexOf(`\r\n--${boundary}`, start);
  if (end === -1 || !body.subarray(start, end).equals(original)) return undefined;
  const headers = body
    .subarray(0, start)
    .toString('latin1')
    .replace(/^(content-length:[ \t]*)\d+/im, (_all, name: string) => `${name}${json.length}`);
  return Buffer.concat([Buffer.from(headers, 'latin1'), json, body.subarray(end)]);
}

/** express-pouchdb's `POST /db/doc` (multipart/form-data) reads only `_rev` and the files. */
function formDataProblem(parts: Part[]): ShapeError | undefined {
  const fieldBytes = parts.reduce((sum, part) => sum + (part.file ? 0 : part.body.length), 0);
  return fieldBytes > MAX_FIELD_BYTES ? tooLarge : undefined;
}

/**
 * express-pouchdb hands the request to multiparty, which reads it with `req.pipe(form)`. The
 * stream is spent by now, so `pipe` hands over the buffered bytes instead.
 */
function replay(req: Request, body: Buffer): void {
  Object.defineProperty(req, 'pipe', {
    configurable: true,
    writable: true,
    value: <T extends NodeJS.WritableStream>(dest: T): T => {
      dest.end(body);
      return dest;
    },
  });
  (req as Request & { _body?: boolean })._body = true; // nothing else reads it
}

/**
 * Multipart document writes, checked before express-pouchdb parses them: in its hands a body
 * without the closing boundary was an unhandled rejection, a JSON part that does not parse an
 * uncaught exception, and an attachment the body does not carry a crash in pouchdb-md5. The body
 * is buffered (up to the store's body limit), parsed with the same multiparty, answered with
 * CouchDB's 400 when it is wrong, and replayed to express-pouchdb when it is right.
 * Multipart bodies where express-pouchdb expects JSON (`POST /db`, `PUT /db/doc` other than
 * multipart/related) are refused with 415, as CouchDB refuses what is not JSON there.
 */
export function multipartBodies(): RequestHandler {
  return async (req, res, next) => {
    const type = req.headers['content-type'] ?? '';
    if (!locals(res).db || !/^multipart\//i.test(type)) {
      next();
      return;
    }
    const segments = pathSegments(req);
    const doc = documentId(segments) !== undefined;
    // express-pouchdb's own (case-sensitive) tests of the Content-Type.
    const related = req.method === 'PUT' && doc && /^multipart\/related/.test(type);
    const formData = req.method === 'POST' && doc && /^multipart\/form-data/.test(type);
    if (!related && !formData) {
      if ((req.method === 'PUT' && doc) || (req.method === 'POST' && segments.length === 1)) {
        sendError(res, notJson.status, notJson.error, notJson.reason);
      } else {
        next(); // attachments, and routes that answer a multipart body without reading it
      }
      return;
    }
    if ((req as Request & { _body?: boolean })._body) {
      sendError(res, 400, 'bad_request', 'Invalid multipart body: it was read as JSON.');
      return;
    }
    let body = await rawBody(req, res);
    const parts = await parseParts(body, req.headers);
    const checked = Array.isArray(parts) ? (related ? relatedProblem(parts) : formDataProblem(parts)) : parts;
    if (checked && 'status' in checked) {
      sendError(res, checked.status, checked.error, checked.reason);
      return;
    }
    const id = documentId(segments);
    if (checked && Array.isArray(parts) && parts[0] && id !== undefined) {
      // The doc is saved under the URL's id, as CouchDB saves it (and as doc-id.ts does for
      // JSON): express-pouchdb would take the JSON part's `_id` (412 missing_id without one).
      const doc = checked.doc as Record<string, unknown>;
      doc._id = id;
      const rewritten = withFirstPart(body, type, parts[0].body, Buffer.from(JSON.stringify(doc)));
      if (!rewritten) {
        sendError(res, 400, 'bad_request', 'Invalid multipart body: the JSON part could not be read.');
        return;
      }
      body = rewritten;
      req.headers['content-length'] = String(body.length);
    }
    replay(req, body);
    next();
  };
}
