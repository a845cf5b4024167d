import type { RequestHandler } from 'express';

// express-pouchdb serves the config at /_config; CouchDB 3 at /_node/{node-name}/_config, where
// `_local` means "this node" and clients also use real names such as nonode@nohost.
const NODE_PREFIX = /^\/_node\/[^/?]+(?=\/)/;
// CouchDB 3.4 keeps the cookie secret in chttpd_auth; CHT still reads couch_httpd_auth. Both
// paths read and write the one value.
const LEGACY_SECRET = /^\/_config\/couch_httpd_auth\/secret(?=\?|$)/;

/**
 * Rewrites `/_node/<name>/...` to express-pouchdb's node-less routes, once, as CouchDB reads one
 * node name (`/_node/a/_node/b/_config` stays unknown). Runs before authentication: server-admin.ts
 * checks the URL as sent as well as this rewrite of it.
 */
export function nodeConfigRewrite(): RequestHandler {
  return (req, _res, next) => {
    req.url = req.url.replace(NODE_PREFIX, '').replace(LEGACY_SECRET, '/_config/chttpd_auth/secret') || '/';
    next();
  };
}
