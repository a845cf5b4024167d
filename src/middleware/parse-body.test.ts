import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { errorHandler } from './error-handler.js';
import { formBody, jsonBody, MAX_JSON_DEPTH, strictJsonBody, strictJsonOrCsvBody, textBody } from './parse-body.js';

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
