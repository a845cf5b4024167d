import { Router } from 'express';
import type { Sessions } from '../auth/sessions.js';
import { attachmentDelete } from './attachment-delete.js';
import { authenticate } from './authenticate.js';
import { bodyShapes } from './body-shapes.js';
import { bulkGetRoute } from './bulk-get.js';
import { changesRoute } from './changes-feed.js';
import { locals, type CompatContext } from './context.js';
import { dbAccess } from './db-access.js';
import { canonicalPath } from './doc-path.js';
import { dbLifecycle } from './db-lifecycle.js';
import { designFunctions } from './design-functions.js';
import { docEtag } from './doc-etag.js';
import { couchErrorReasons } from './error-reasons.js';
import { urlDocId } from './doc-id.js';
import { infoRoutes } from './info-routes.js';
import { multipartBodies } from './multipart-body.js';
import { nodeConfigRewrite } from './node-config.js';
import { purgeRoute } from './purge.js';
import { queryOptions } from './query-options.js';
import { reservedNames } from './reserved-names.js';
import { rootRoutes } from './root.js';
import { securityBody } from './security-body.js';
import { serverAdminGuard } from './server-admin.js';
import { sessionRoutes } from './session.js';
import { usersDbRules } from './users-db.js';

/**
 * The CouchDB 3 compatibility layer in front of express-pouchdb, in the order requests meet it.
 * Whatever it does not answer itself falls through to express-pouchdb.
 */
export function compatLayer(ctx: CompatContext, sessions: Sessions): Router {
  const router = Router();
  router.use((_req, res, next) => {
    locals(res).logger = ctx.logger; // for error senders that only see `res`
    next();
  });
  router.use(nodeConfigRewrite()); //        /_node/_local/_config → /_config
  router.use(couchErrorReasons()); //         PouchDB error wording → CouchDB's
  router.use(authenticate(ctx.users, sessions)); // require_valid_user, cookie + Basic
  router.use(sessionRoutes(ctx.users, sessions)); // /_session
  router.use(rootRoutes(ctx.settings)); //    GET /, /_up
  router.use(serverAdminGuard()); //          PUT/DELETE /db, _all_dbs, _config ...
  router.use(dbLifecycle(ctx)); //            CouchDB's create/delete answers
  router.use(canonicalPath()); //             /db/_local%2Fx → /db/_local/x, 400 for impossible ids
  router.use(dbAccess(ctx)); //               404 missing db, _security semantics
  router.use(usersDbRules()); //              _users: own doc only
  router.use(reservedNames()); //          /db/_unknown, PUT /_x: 400 as in CouchDB
  router.use(designFunctions()); //           _design/x/_show|_list|_update|_rewrite: 404/501
  router.use(attachmentDelete(ctx)); //       DELETE /db/doc/att as CouchDB answers it
  router.use(securityBody()); //              PUT _security: JSON whatever the Content-Type
  router.use(urlDocId()); //                  PUT /db/id saves under the URL's id
  router.use(multipartBodies()); //           multipart doc writes: checked, then replayed
  router.use(bodyShapes()); //                _revisions, _attachments, _bulk_docs, keys → 400
  router.use(docEtag()); //                   ETag: "<rev>" on document reads
  router.use(queryOptions()); //              update=false, start_key ...
  router.use(infoRoutes(ctx)); //             GET /db, _design/x/_info, _dbs_info
  router.use(changesRoute()); //              _changes feeds with timeout
  router.use(bulkGetRoute()); //              _bulk_get error entries
  router.use(purgeRoute()); //                _purge → 501
  return router;
}
