import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { ServiceUnavailableError } from '../errors.js';
import { errorHandler } from './error-handler.js';
import { ANONYMOUS_BODY_BYTES, formBody, jsonBody, MAX_JSON_DEPTH, strictJsonBody, strictJsonOrCsvBody, textBody } from './parse-body.js';

/** A tiny real app echoing what each parser made of the body. */
function echoApp() {
  const app = express();
  const echo: express.RequestHandler = (req, res) => {
    res.json({ body: req.body === undefined ? null : req.body });
  };
  app.post('/strict', ...strictJsonBody(), echo);
  app.post('/json-or-csv', ...strictJsonOrCsvBody(), echo);
  app.post('/json', jsonBody(), echo);
  app.post('/form', formBody(), echo);
  app.post('/text', textBody(), echo);
  app.use(errorHandler('medic'));
  return app;
}

describe('body parsing and Content-Type rules', () => {
  let base = '';
  let close: () => void;

  before(async () => {
    const server = echoApp().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  const post = async (path: string, contentType: string | undefined, body: string) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    return { status: res.status, json: (await res.json()) as { body?: unknown; error?: string } };
  };

  it('strict JSON routes take exactly application/json', async () => {
    assert.deepEqual((await post('/strict', 'application/json', '{"a":1}')).json.body, { a: 1 });
    for (const type of ['application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', undefined]) {
      const res = await post('/strict', type, '{"a":1}');
      assert.equal(res.status, 400, String(type));
      assert.equal(res.json.error, 'Content-Type must be application/json');
    }
  });

  it('JSON-or-CSV routes take exactly application/json or text/csv', async () => {
    assert.deepEqual((await post('/json-or-csv', 'application/json', '[1]')).json.body, [1]);
    assert.equal((await post('/json-or-csv', 'text/csv', 'a,b\n1,2')).json.body, 'a,b\n1,2');
    const res = await post('/json-or-csv', 'text/csv; charset=utf-8', 'a');
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'Content-Type must be application/json or text/csv');
  });

  it('lenient JSON routes accept a charset and ignore other types', async () => {
    assert.deepEqual((await post('/json', 'application/json; charset=utf-8', '{"a":1}')).json.body, { a: 1 });
    assert.equal((await post('/json', 'text/plain', '{"a":1}')).json.body, null);
  });

  it('form routes parse flat url-encoded bodies', async () => {
    assert.deepEqual((await post('/form', 'application/x-www-form-urlencoded', 'from=%2B254&message=a+b&x[y]=1')).json.body, {
      from: '+254',
      message: 'a b',
      'x[y]': '1',
    });
  });

  it('text routes take text/plain, application/xml and text/csv, not text/xml', async () => {
    for (const type of ['text/plain', 'application/xml', 'text/csv']) {
      assert.equal((await post('/text', type, '<a/>')).json.body, '<a/>', type);
    }
    assert.equal((await post('/text', 'text/xml', '<a/>')).json.body, null);
  });

  /** `{"a":{"a":…1…}}`, `depth` objects deep. */
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('refuses JSON nested deeper than the bound with 400, on every JSON parser, and takes it at the bound', async () => {
    for (const path of ['/strict', '/json-or-csv', '/json']) {
      const ok = await post(path, 'application/json', nested(MAX_JSON_DEPTH));
      assert.equal(ok.status, 200, path);
      // arrays and objects both count: `[` + 49 × `[{` + `[1]` is 100 levels
      const mixed = `[${'[{"a":'.repeat(49)}[1]${'}]'.repeat(49)}]`;
      assert.equal((await post(path, 'application/json', mixed)).status, 200, `${path}: arrays and objects`);
      assert.equal((await post(path, 'application/json', `{"a":${mixed}}`)).status, 400, `${path}: one level more`);
      for (const depth of [MAX_JSON_DEPTH + 1, 20_000]) {
        const res = await post(path, 'application/json', nested(depth));
        assert.equal(res.status, 400, `${path} ${depth}`);
        assert.equal(res.json.error, 'Request body is nested too deeply');
      }
      const arrays = await post(path, 'application/json', `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
      assert.equal(arrays.status, 400, `${path}: arrays`);
    }
  });

  it('tells where JSON is malformed without quoting the body', async () => {
    const body = '{"user":"bob","password":SuperSecretPassword123}';
    for (const path of ['/strict', '/json']) {
      const res = await post(path, 'application/json', body);
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'Invalid JSON in request body: unexpected character at position 25');
    }
    assert.equal((await post('/strict', 'application/json', 'SuperSecret')).json.error, 'Invalid JSON in request body: unexpected character at position 0');
    assert.equal((await post('/strict', 'application/json', '{"a":')).json.error, 'Invalid JSON in request body: unexpected end of input');
  });
});

/** The echo app behind a stand-in for `authenticate`: `x-test-user` logs in, `x-test-down` makes the lookup fail. */
function gatedApp(lookups: { count: number }) {
  const app = express();
  app.use((req, _res, next) => {
    req.auth = {
      credentials: {},
      user: async () => {
        lookups.count++;
        if (req.headers['x-test-down']) throw new ServiceUnavailableError('The database is unreachable; try again shortly');
        const name = req.headers['x-test-user'];
        return typeof name === 'string' ? { name, roles: [] } : undefined;
      },
    };
    next();
  });
  const echo: express.RequestHandler = (req, res) => {
    res.json({ type: Array.isArray(req.body) ? 'array' : typeof req.body, length: JSON.stringify(req.body ?? null).length });
  };
  app.post('/strict', ...strictJsonBody(), echo);
  app.post('/json-or-csv', ...strictJsonOrCsvBody(), echo);
  app.post('/json', jsonBody(), echo);
  app.post('/form', formBody(), echo);
  app.post('/text', textBody(), echo);
  app.post('/sessionless', jsonBody({ sessionless: true }), formBody({ sessionless: true }), echo);
  app.use(errorHandler('medic'));
  return app;
}

describe('large bodies are parsed only for a logged-in caller', () => {
  let base = '';
  let close: () => void;
  const lookups = { count: 0 };

  before(async () => {
    const server = gatedApp(lookups).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  const TWO_MIB = 2 * 1024 * 1024;
  /** Valid JSON of `size` bytes. */
  const validJson = (size: number) => `{"pad":"${'x'.repeat(size - 10)}"}`;
  /** Invalid JSON of `size` bytes: a parse would answer 400. */
  const invalidJson = (size: number) => `{"pad":${'x'.repeat(size - 8)}}`;
  /** A body sent in chunks, without Content-Length. */
  const chunked = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += 256 * 1024) controller.enqueue(bytes.subarray(i, i + 256 * 1024));
        controller.close();
      },
    });

  const post = async (path: string, body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: res.status, text: await res.text() };
  };

  it('answers an anonymous body above 1 MiB with the usual 401 without parsing it (invalid JSON is not a 400)', async () => {
    assert.deepEqual([validJson(1000).length, invalidJson(1000).length], [1000, 1000]);
    for (const path of ['/strict', '/json-or-csv', '/json']) {
      const res = await post(path, invalidJson(TWO_MIB));
      assert.equal(res.status, 401, path);
      assert.equal(res.text, '{"code":401,"error":"unauthorized"}', path);
    }
    assert.equal((await post('/form', `a=${'x'.repeat(TWO_MIB)}`, { 'content-type': 'application/x-www-form-urlencoded' })).status, 401);
    assert.equal((await post('/text', 'x'.repeat(TWO_MIB), { 'content-type': 'text/plain' })).status, 401);
  });

  it('does the same for chunked and compressed bodies once more than 1 MiB was read', async () => {
    assert.equal((await post('/strict', chunked(invalidJson(TWO_MIB)))).status, 401, 'chunked');
    const gzipped = gzipSync(invalidJson(TWO_MIB));
    assert.ok(gzipped.length < ANONYMOUS_BODY_BYTES);
    assert.equal((await post('/strict', gzipped, { 'content-encoding': 'gzip' })).status, 401, 'gzip');
    // at or below the bound an anonymous body is still parsed (and found invalid)
    assert.equal((await post('/strict', chunked(invalidJson(ANONYMOUS_BODY_BYTES)))).status, 400, 'chunked, at the bound');
    assert.equal((await post('/strict', invalidJson(ANONYMOUS_BODY_BYTES))).status, 400, 'Content-Length, at the bound');
  });

  it('parses large bodies of a logged-in caller, whatever their framing', async () => {
    const body = validJson(TWO_MIB);
    const user = { 'x-test-user': 'alice' };
    for (const path of ['/strict', '/json']) {
      const res = await post(path, body, user);
      assert.equal(res.status, 200, path);
      assert.deepEqual(JSON.parse(res.text), { type: 'object', length: body.length });
    }
    assert.equal((await post('/strict', chunked(body), user)).status, 200, 'chunked');
    assert.equal((await post('/strict', gzipSync(body), { ...user, 'content-encoding': 'gzip' })).status, 200, 'gzip');
    assert.equal((await post('/strict', invalidJson(TWO_MIB), user)).status, 400, 'and still reports invalid JSON');
  });

  it('checks the Content-Type before the session, and looks no session up for small bodies', async () => {
    const before = lookups.count;
    const res = await post('/strict', invalidJson(TWO_MIB), { 'content-type': 'text/plain' });
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.text).error, 'Content-Type must be application/json');
    assert.equal((await post('/strict', '{"a":1}')).status, 200);
    assert.equal(lookups.count, before);
  });

  it('answers 503 when the session of a large body cannot be looked up', async () => {
    assert.equal((await post('/strict', validJson(TWO_MIB), { 'x-test-down': '1' })).status, 503);
    assert.equal((await post('/strict', '{"a":1}', { 'x-test-down': '1' })).status, 200, 'small bodies need no session');
  });

  it('refuses bodies above 1 MiB with 413 on routes without a session, and parses smaller ones', async () => {
    const before = lookups.count;
    assert.equal((await post('/sessionless', validJson(TWO_MIB), { 'x-test-user': 'alice' })).status, 413);
    assert.equal((await post('/sessionless', chunked(validJson(TWO_MIB)))).status, 413, 'chunked');
    assert.equal((await post('/sessionless', `a=${'x'.repeat(TWO_MIB)}`, { 'content-type': 'application/x-www-form-urlencoded' })).status, 413);
    assert.equal((await post('/sessionless', validJson(ANONYMOUS_BODY_BYTES))).status, 200);
    assert.equal(lookups.count, before);
  });

  it('checks the depth of bodies in other UTF charsets too', async () => {
    const utf16 = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le');
    const type = { 'content-type': 'application/json; charset=utf-16le' };
    const nested = (depth: number) => `${'{"\u7b22":'.repeat(depth)}1${'}'.repeat(depth)}`;
    assert.equal((await post('/json', utf16(nested(MAX_JSON_DEPTH)), type)).status, 200);
    const deep = await post('/json', utf16(nested(MAX_JSON_DEPTH + 1)), type);
    assert.equal(deep.status, 400);
    assert.equal(JSON.parse(deep.text).error, 'Request body is nested too deeply');
  });
});
