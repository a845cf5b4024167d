/**
 * Benchmarks the API against the raw CouchDB floor on the same backend.
 *
 *   npm run bench -- [--only settings,doc] [--persons 20000] [--reports 100000] [--messages 10000]
 *                    [--connections 16] [--seconds 10] [--data-dir /tmp/cht-bench] [--api-port 5988] [--couch-port 5987]
 *
 * By default it starts the server on the embedded store (LevelDB in --data-dir), loads the dataset
 * once, and measures. With --api and --couch it measures an already running server instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generate } from './generate.js';
import { load } from './load.js';
import { contactsScenarios } from './scenarios/contacts.js';
import { foundationScenarios } from './scenarios/foundation.js';
import { recordsScenarios } from './scenarios/records.js';
import { usersScenarios } from './scenarios/users.js';
import type { BenchContext, Scenario } from './scenarios/types.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    persons: { type: 'string', default: '20000' },
    reports: { type: 'string', default: '100000' },
    messages: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    'data-dir': { type: 'string', default: '/tmp/cht-bench' },
    api: { type: 'string' },
    couch: { type: 'string' },
    'api-port': { type: 'string', default: '5988' },
    'couch-port': { type: 'string', default: '5987' },
  },
});

const ADMIN = { user: 'admin', password: 'bench-admin-pass' };
const API_PORT = Number(values['api-port']);
const COUCH_PORT = Number(values['couch-port']);

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, API_PORT: String(API_PORT), EMBEDDED_COUCH_PORT: String(COUCH_PORT), COUCH_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${API_PORT}/api/info`, 60_000);
  return child;
}

async function peakRssMiB(pid: number | undefined): Promise<string> {
  if (!pid) return 'n/a';
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN);
  return Number.isNaN(kb) ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`;
}

async function main(): Promise<void> {
  const persons = Number(values.persons);
  const external = values.api && values.couch;
  const server = external ? undefined : await startServer(values['data-dir']);
  const apiUrl = values.api ?? `http://127.0.0.1:${API_PORT}`;
  const couchDbUrl = new URL(values.couch ?? `http://${ADMIN.user}:${ADMIN.password}@127.0.0.1:${COUCH_PORT}/medic`);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(couchDbUrl.username)}:${decodeURIComponent(couchDbUrl.password)}`).toString('base64')}`;
  const dbName = couchDbUrl.pathname.replace(/^\/|\/$/g, '');
  const ctx: BenchContext = { apiUrl, couchUrl: couchDbUrl.origin, dbName, auth, persons };
  try {
    const info = (await (await fetch(`${couchDbUrl.origin}/${dbName}`, { headers: { authorization: auth } })).json()) as { doc_count: number };
    if (info.doc_count < persons) {
      await generate(couchDbUrl.toString(), { persons, reports: Number(values.reports), messages: Number(values.messages) });
    }
    const all: Scenario[] = [...foundationScenarios(ctx), ...recordsScenarios(ctx), ...contactsScenarios(ctx), ...usersScenarios(ctx)];
    const only = values.only?.split(',').map((s) => s.trim().toLowerCase());
    const scenarios = only ? all.filter((s) => only.some((o) => s.name.toLowerCase().includes(o))) : all;
    const connections = Number(values.connections);
    const seconds = Number(values.seconds);
    console.log(`\n${connections} connections, ${seconds} s each, ${persons} persons\n`);
    console.log('| scenario | API req/s | API p50 ms | API p99 ms | floor req/s | floor p99 ms | API / floor | server peak RSS after the API run |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const s of scenarios) {
      try {
        await s.warm?.(ctx);
        const conns = s.connections ?? connections;
        await load(apiUrl, auth, s.warmup ?? s.api, conns, 2); // warm-up: JIT, caches, connection pools
        const api = await load(apiUrl, auth, s.api, conns, seconds);
        const rss = await peakRssMiB(server?.pid); // before the floor runs in the same process (embedded store)
        const floor = s.floor ? await load(couchDbUrl.origin, auth, s.floor, conns, seconds) : undefined;
        const bad = api.errors + api.non2xx ? ` (${api.errors} errors, ${api.non2xx} non-2xx)` : '';
        console.log(
          `| ${s.name}${bad} | ${api.rps.toFixed(1)} | ${api.p50} | ${api.p99} | ${floor ? floor.rps.toFixed(1) : '-'} | ${floor ? floor.p99 : '-'} | ${floor ? (api.rps / floor.rps).toFixed(2) : '-'} | ${rss} |`,
        );
      } finally {
        await s.cleanup?.(ctx);
      }
    }
    console.log(`\nserver peak RSS: ${await peakRssMiB(server?.pid)}`);
  } finally {
    server?.kill('SIGTERM');
  }
}

await main();
