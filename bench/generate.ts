/**
 * Loads a CHT-shaped dataset into a database through CouchDB's `_bulk_docs`.
 * Usage: node --import tsx bench/generate.ts --couch http://admin:pass@127.0.0.1:5987/medic [--persons 20000] [--reports 100000] [--messages 10000]
 */
import { parseArgs } from 'node:util';
import { datasetBatches } from './data.js';

export async function generate(couchDbUrl: string, size: { persons: number; reports: number; messages: number }): Promise<number> {
  const url = new URL(couchDbUrl);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  const base = `${url.origin}${url.pathname.replace(/\/$/, '')}`;
  let written = 0;
  const started = Date.now();
  for (const docs of datasetBatches(size)) {
    const res = await fetch(`${base}/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    if (res.status !== 201) throw new Error(`_bulk_docs answered ${res.status}: ${await res.text()}`);
    written += docs.length;
  }
  console.log(`wrote ${written} docs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // parsed here, not at import: bench/run.ts imports this module with its own options
  const { values } = parseArgs({
    options: {
      couch: { type: 'string' },
      persons: { type: 'string', default: '20000' },
      reports: { type: 'string', default: '100000' },
      messages: { type: 'string', default: '10000' },
    },
  });
  if (!values.couch) {
    console.error('--couch http://admin:pass@host:port/db is required');
    process.exit(2);
  }
  await generate(values.couch, { persons: Number(values.persons), reports: Number(values.reports), messages: Number(values.messages) });
}
