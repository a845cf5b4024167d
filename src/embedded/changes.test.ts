import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { liveFeedCount } from './compat/changes-feed.js';
import { EXACT_PENDING_WITHIN, pendingStats } from './compat/changes-pending.js';
import { ADMIN, basic, dbName, startTestCouch, type TestCouch } from './test-helpers.js';

let t: TestCouch;
let db: string;
const auth = basic(ADMIN.name, ADMIN.password);

type Change = { id: string; seq: number; doc?: { _id: string }; changes: { rev: string }[]; deleted?: boolean };
type Feed = { results: Change[]; last_seq: number; pending: number };

before(async () => {
  t = await startTestCouch();
  db = dbName('changes');
  await t.call('PUT', `/${db}`);
  for (const id of ['a', 'b', 'c']) await t.call('PUT', `/${db}/${id}`, { body: { id } });
});
after(() => t.close());

const feed = async (query: string, body?: unknown): Promise<Feed> => {
  const r = await t.call(body ? 'POST' : 'GET', `/${db}/_changes${query}`, { body });
  assert.equal(r.status, 200, r.text);
  return r.body as Feed;
};

async function readStream(res: Response, until: (text: string) => boolean): Promise<string> {
  const reader = res.body!.getReader();
  let text = '';
  while (!until(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
  }
  return text;
}

describe('normal feed', () => {
  it('lists changes with last_seq, include_docs, limit + pending, descending', async () => {
    const all = await feed('');
    assert.deepEqual(all.results.map((c) => c.id), ['a', 'b', 'c']);
    assert.equal(all.pending, 0);
    const docs = await feed('?include_docs=true&limit=2');
    assert.equal(docs.results[1]?.doc?._id, 'b');
    assert.equal(docs.pending, 1);
    assert.deepEqual((await feed('?descending=true&limit=1')).results.map((c) => c.id), ['c']);
    const since = await feed(`?since=${all.results[0]?.seq}`);
    assert.deepEqual(since.results.map((c) => c.id), ['b', 'c']);
  });

  it('since=now, limit=0 (pending only) and style=all_docs', async () => {
    assert.deepEqual((await feed('?since=now')).results, []);
    const zero = await feed('?limit=0');
    assert.deepEqual(zero.results, []);
    assert.equal(zero.pending, 3);
    assert.equal((await feed('?style=all_docs')).results[0]?.changes.length, 1);
  });

  it('filter=_doc_ids from the body and from the query', async () => {
    const body = await feed('?filter=_doc_ids', { doc_ids: ['c', 'a'] });
    assert.deepEqual(body.results.map((c) => c.id).sort(), ['a', 'c']);
    const query = await feed(`?filter=_doc_ids&doc_ids=${encodeURIComponent('["b"]')}`);
    assert.deepEqual(query.results.map((c) => c.id), ['b']);
  });
});

describe('pending', () => {
  it('counts the changes after a page exactly near the end of the feed (a doc written twice counts once)', async () => {
    const name = dbName('pending');
    await t.call('PUT', `/${name}`);
    for (const id of ['a', 'b', 'c', 'd']) await t.call('PUT', `/${name}/${id}`, { body: {} });
    const page = (await t.call('GET', `/${name}/_changes?limit=1`)).body as Feed;
    assert.equal(page.pending, 3);
    // d written twice more: still 3 docs after the first page (CouchDB counts docs, not writes).
    let rev = ((await t.call('GET', `/${name}/d`)).body as { _rev: string })._rev;
    for (let i = 0; i < 2; i++) rev = ((await t.call('PUT', `/${name}/d`, { body: { _rev: rev, i } })).body as { rev: string }).rev;
    assert.equal(((await t.call('GET', `/${name}/_changes?limit=1`)).body as Feed).pending, 3);
    assert.equal(((await t.call('GET', `/${name}/_changes?limit=3`)).body as Feed).pending, 1);
    assert.equal(((await t.call('GET', `/${name}/_changes?limit=4`)).body as Feed).pending, 0);
    assert.equal(((await t.call('GET', `/${name}/_changes?limit=0&since=${page.last_seq}`)).body as Feed).pending, 3);
  });

  it('reads no changes to report pending far from the end of a long feed', async () => {
    const name = dbName('pending-long');
    await t.call('PUT', `/${name}`);
    const total = EXACT_PENDING_WITHIN + 50;
    const docs = Array.from({ length: total }, (_, n) => ({ _id: `doc${String(n).padStart(4, '0')}` }));
    await t.call('POST', `/${name}/_bulk_docs`, { body: { docs } });
    const before = pendingStats.entriesRead;
    const first = (await t.call('GET', `/${name}/_changes?limit=10`)).body as Feed;
    assert.equal(first.pending, total - 10);
    assert.equal(pendingStats.entriesRead - before, 0, 'the first page did not walk the rest of the feed');
    const last = (await t.call('GET', `/${name}/_changes?limit=10&since=${total - 20}`)).body as Feed;
    assert.equal(last.pending, 10);
    assert.ok(pendingStats.entriesRead - before <= 10, 'near the end, at most the rest is read');
  });
});

describe('longpoll', () => {
  it('answers {"results":[],"last_seq"} after timeout when nothing changes', async () => {
    const start = Date.now();
    const r = await feed('?feed=longpoll&since=now&timeout=300');
    const took = Date.now() - start;
    assert.deepEqual(r.results, []);
    assert.equal(typeof r.last_seq, 'number');
    assert.ok(took >= 250 && took < 2000, `took ${took} ms`);
  });

  it('returns early when a change arrives', async () => {
    const start = Date.now();
    const pending = feed('?feed=longpoll&since=now&timeout=5000&include_docs=true');
    await delay(100);
    await t.call('PUT', `/${db}/late`, { body: {} });
    const r = await pending;
    assert.deepEqual(r.results.map((c) => c.id), ['late']);
    assert.equal(r.results[0]?.doc?._id, 'late');
    assert.equal(r.last_seq, r.results[0]?.seq);
    assert.ok(Date.now() - start < 3000);
  });
});

describe('continuous', () => {
  it('streams one JSON line per change and ends with last_seq after the timeout', async () => {
    const res = await fetch(`${t.url}/${db}/_changes?feed=continuous&timeout=300`, { headers: { authorization: auth } });
    const text = await readStream(res, () => false);
    const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = lines.pop();
    assert.ok(lines.length >= 3);
    assert.deepEqual(Object.keys(last ?? {}).sort(), ['last_seq', 'pending']);
    assert.equal(last?.last_seq, lines.at(-1)?.seq);
  });

  it('writes heartbeat newlines and releases the feed when the client disconnects', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/${db}/_changes?feed=continuous&since=now&heartbeat=50`, {
      headers: { authorization: auth },
      signal: controller.signal,
    });
    const text = await readStream(res, (s) => s.length >= 2);
    assert.match(text, /^\n\n/);
    assert.equal(liveFeedCount(), 1);
    controller.abort();
    for (let i = 0; i < 50 && liveFeedCount() > 0; i++) await delay(20);
    assert.equal(liveFeedCount(), 0);
  });

  it('close() ends open live feeds so the process can exit', async () => {
    const other = await startTestCouch();
    await other.call('PUT', '/live');
    const res = await fetch(`${other.url}/live/_changes?feed=continuous&heartbeat=1000`, { headers: { authorization: auth } });
    const reading = readStream(res, () => false).catch(() => 'aborted');
    await delay(50);
    await other.close();
    await reading;
    assert.equal(liveFeedCount(), 0);
  });
});
