import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let db: string;
let member: string;
before(async () => {
  t = await startTestCouch();
  db = dbName('fuzz');
  await t.call('PUT', `/${db}`);
  member = await t.createUser('member', 'pw', ['m']);
  await t.call('PUT', `/${db}/_security`, { body: { members: { roles: ['m'] } } });
  await t.call('PUT', `/${db}/doc`, { body: { v: 1 } });
  await t.call('PUT', `/${db}/_design/bad`, {
    body: {
      views: { throws: { map: 'function (doc) { throw new Error("boom"); }' }, broken: { map: 'function (doc) { emit(' } },
      filters: { f: 'function (doc) { throw new Error("x"); }' },
      shows: { s: 'function (doc) { throw new Error("x"); }' },
      validate_doc_update: 'function (n, o, u) { if (n.forbidden) throw({ forbidden: "no" }); }',
    },
  });
});
after(() => t.close());

const paths = (d: string): string[] => [
  '/', '/_all_dbs', '/_session', '/_uuids?count=abc', '/_config/x/y', '/_replicate', '/_active_tasks', '/_utils',
  `/${d}`, `/${d}/doc`, `/${d}/doc/att`, `/${d}/missing/att`, `/${d}/_all_docs?keys=notjson`, `/${d}/_all_docs?startkey=[`,
  `/${d}/_bulk_docs`, `/${d}/_bulk_get`, `/${d}/_revs_diff`, `/${d}/_changes?feed=eventsource&timeout=50`,
  `/${d}/_changes?filter=bad/f`, `/${d}/_changes?filter=nope/x`, `/${d}/_changes?since=garbage`, `/${d}/_find`, `/${d}/_index`,
  `/${d}/_explain`, `/${d}/_design/bad/_view/throws`, `/${d}/_design/bad/_view/broken`, `/${d}/_design/bad/_show/s/doc`,
  `/${d}/_design/bad/_list/l/v`, `/${d}/_design/bad/_update/u/doc`, `/${d}/_design/bad/_rewrite/x`, `/${d}/_temp_view`,
  `/${d}/_compact`, `/${d}/_view_cleanup`, `/${d}/_security`, `/${d}/_local/x`, `/${d}/_purge`, `/${d}/_design/bad/_info`,
  '/_users/_design/_auth', '/_users/org.couchdb.user:member', '/_users/org.couchdb.user:other', '/nodb/x', '/_node/_local',
];
const bodies: (string | undefined)[] = [undefined, '{not json', '[]', '"str"', '{"docs":[1,null,"x"],"keys":5,"selector":7,"forbidden":true}'];

describe('no request crashes the process', () => {
  it('survives every method × path × body × identity, and never leaks a stack trace', async () => {
    for (const auth of [null, member, undefined]) {
      for (const path of paths(db)) {
        for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'COPY']) {
          for (const body of method === 'GET' || method === 'DELETE' || auth === null ? [undefined] : bodies) {
            const headers = method === 'COPY' ? { destination: '_local/_security' } : undefined;
            const r = await t.call(method, path, { auth, body, headers });
            assert.doesNotMatch(r.text, /\n\s+at .*:\d+:\d+/, `${method} ${path} leaked a stack trace`);
            if (r.status >= 500 && r.status !== 501) {
              const e = r.body as { error?: unknown; reason?: unknown } | undefined;
              assert.ok(e && typeof e.error === 'string' && 'reason' in e, `${method} ${path} → ${r.status} ${r.text}`);
            }
          }
        }
      }
    }
    assert.equal((await t.call('GET', '/_up', { auth: null })).status, 200);
    assert.equal((await t.call('GET', '/')).status, 200);
  });
});
