import { Router } from 'express';
import type { ServerSettings } from '../server-config.js';
import { sendJson } from './send.js';

/** The CouchDB release the embedded store imitates (CHT monitoring reports it). */
export const COUCHDB_VERSION = '3.4.3';
const GIT_SHA = '83bdcf693';
const FEATURES = ['access-ready', 'partitioned', 'pluggable-storage-engines', 'reshard', 'scheduler'];

/** `GET /` and `GET /_up` as CouchDB 3 answers them. */
export function rootRoutes(settings: ServerSettings): Router {
  const router = Router({ caseSensitive: true });
  router.get('/', (_req, res) => {
    sendJson(res, 200, {
      couchdb: 'Welcome',
      version: COUCHDB_VERSION,
      git_sha: GIT_SHA,
      uuid: settings.uuid(),
      features: FEATURES,
      vendor: { name: 'The Apache Software Foundation' },
    });
  });
  router.get('/_up', (_req, res) => sendJson(res, 200, { status: 'ok', seeds: {} }));
  return router;
}
