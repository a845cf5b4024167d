/**
 * Runs the embedded CouchDB-compatible store on its own, e.g. to try the server in COUCH_URL mode:
 *   COUCH_ADMIN_PASSWORD=pass EMBEDDED_COUCH_PORT=5984 node --import tsx scripts/embedded-couch.ts
 *   COUCH_URL=http://admin:pass@127.0.0.1:5984/medic npm test
 */
import { startEmbeddedCouch } from '../src/embedded/embedded-couch.js';

const store = await startEmbeddedCouch({
  dataDir: process.env.DATA_DIR && process.env.DATA_DIR !== ':memory:' ? process.env.DATA_DIR : undefined,
  adminUser: process.env.COUCH_ADMIN_USER ?? 'admin',
  adminPassword: process.env.COUCH_ADMIN_PASSWORD ?? 'pass',
  port: Number(process.env.EMBEDDED_COUCH_PORT ?? 5984),
});
process.stdout.write(`embedded store listening on ${store.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void store.close().then(() => process.exit(0));
  });
}
