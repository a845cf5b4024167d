import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { errorHandler } from './compat/error-handler.js';
import { isInternalError } from './compat/internal-error.js';
import { startEmbeddedCouch, type EmbeddedCouch } from './embedded-couch.js';
import type { EmbeddedLogger } from './logger.js';
import { ADMIN, call, dbName } from './test-helpers.js';

// A JavaScript error (TypeError, RangeError, an Error without a status) is never shown to the
// client: 500 {"error":"unknown_error","reason":"Internal error"}, the real message in the log.
const INTERNAL = { error: 'unknown_error', reason: 'Internal error' };

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

function capturingLogger(): { logger: EmbeddedLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') }, lines };
}

describe('isInternalError', () => {
  const withStatus = <T extends object>(err: T, status: number): T => Object.assign(err, { status });

  it('calls plain JavaScript errors internal', () => {
    assert.equal(isInternalError(new TypeError("Cannot read properties of undefined (reading 'bind')")), true);
    assert.equal(isInternalError(new RangeError('Invalid array length')), true);
    assert.equal(isInternalError(new Error('no status')), true);
    assert.equal(isInternalError(withStatus(new TypeError('x'), 500)), true);
    assert.equal(isInternalError(withStatus(new Error('x'), 500)), true);
    assert.equal(isInternalError(Object.assign(new Error('x'), { name: 'OpenError' })), true); // leveldown, no status
    assert.equal(isInternalError('a string'), true);
    assert.equal(isInternalError(undefined), true);
    assert.equal(isInternalError({ message: 'x' }), true);
    // A TypeError stays internal even where express-pouchdb falls back to 400 (pouchdb-find's callbacks).
    assert.equal(isInternalError(new TypeError('x'), 400), true);
  });

  it('leaves CouchDB/PouchDB errors and deliberate answers alone', () => {
    const pouch = (status: number, name: string, message: string): Error => Object.assign(new Error(message), { status, name });
    assert.equal(isInternalError(pouch(404, 'not_found', 'missing')), false);
    assert.equal(isInternalError(pouch(409, 'conflict', 'Document update conflict')), false);
    assert.equal(isInternalError(pouch(500, 'unknown_error', 'Database encountered an unknown error')), false);
    assert.equal(isInternalError(withStatus(new Error('bad_request'), 400)), false); // a deliberate 4xx
    assert.equal(isInternalError(new Error('Invalid sort json'), 400), false); // pouchdb-find's checks
    assert.equal(isInternalError({ error: 'not_found', reason: 'missing' }), false); // an envelope
    // pouchdb-plugin-error's objects (not Errors), also for what a validate_doc_update threw.
    assert.equal(isInternalError({ status: 403, name: 'forbidden', message: 'no', error: true }), false);
    assert.equal(isInternalError({ status: 500, name: 'TypeError', message: 'TypeError: x', error: true }), false);
  });
});

describe('error senders', () => {
  let store: EmbeddedCouch;
  let lines: Line[];
  before(async () => {
    const captured = capturingLogger();
    lines = captured.lines;
    store = await startEmbeddedCouch({ adminUser: ADMIN.name, adminPassword: ADMIN.password, logger: captured.logger });
  });
  after(() => store.close());

  it("express-pouchdb's sendError: a TypeError inside pouchdb-find is 500 Internal error, its message logged", async () => {
    const db = dbName('internal');
    await call(store.url, 'PUT', `/${db}`);
    // POST _index without `index` makes pouchdb-find read `undefined.fields.map`.
    const r = await call(store.url, 'POST', `/${db}/_index`, { body: {} });
    assert.equal(r.status, 500, r.text);
    assert.deepEqual(r.body, INTERNAL);
    assert.doesNotMatch(r.text, /Cannot read|TypeError|map/);
    const logged = lines.find((l) => l.level === 'error' && l.obj.path === `/${db}/_index`);
    assert.ok(logged, JSON.stringify(lines));
    assert.match(String(logged.obj.err), /Cannot read properties of undefined/);
    assert.match(String(logged.obj.stack), /TypeError/);
    assert.equal(logged.obj.method, 'POST');
    assert.equal((await call(store.url, 'GET', '/_up', { auth: null })).status, 200);
  });

  it('the last error handler: a thrown TypeError is 500 Internal error, logged; CouchDB errors pass', async () => {
    const captured = capturingLogger();
    const app = express();
    app.get('/type', () => {
      throw new TypeError("Cannot convert undefined or null to object");
    });
    app.get('/couch', () => {
      throw Object.assign(new Error('missing'), { status: 404, name: 'not_found' });
    });
    app.use(errorHandler(captured.logger));
    const server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await call(url, 'GET', '/type');
      assert.equal(r.status, 500);
      assert.deepEqual(r.body, INTERNAL);
      assert.match(String(captured.lines.find((l) => l.level === 'error')?.obj.err), /Cannot convert undefined/);
      const couch = await call(url, 'GET', '/couch');
      assert.equal(couch.status, 404);
      assert.deepEqual(couch.body, { error: 'not_found', reason: 'missing' });
    } finally {
      server.close();
    }
  });

  it('validate_doc_update errors keep CouchDB’s report (the JS error name), without a stack', async () => {
    const db = dbName('vdu');
    await call(store.url, 'PUT', `/${db}`);
    await call(store.url, 'PUT', `/${db}/_design/v`, { body: { validate_doc_update: 'function (n) { if (n.boom) null.x; }' } });
    const r = await call(store.url, 'PUT', `/${db}/d`, { body: { boom: true } });
    assert.equal(r.status, 500, r.text);
    const body = r.body as { error: string; reason: string };
    assert.equal(body.error, 'TypeError');
    assert.match(body.reason, /^TypeError: Cannot read properties of null/);
    assert.doesNotMatch(r.text, /\n\s+at /);
  });
});
