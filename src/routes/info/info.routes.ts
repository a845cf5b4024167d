import type { Router } from 'express';
import { apiRouter } from '../router.js';
import type { Couch } from '../../db/couch.js';
import type { AccessService } from '../../services/access-service.js';
import type { DeployInfoService } from '../../services/deploy-info-service.js';

/** The reference reports its `api/package.json` version, not the CHT release (settings spec §2.1). */
export const API_VERSION = '0.1.0';

/** CouchDB's defaults, answered when the server has no `attachments` config section. */
const DEFAULT_ATTACHMENTS_CONFIG = {
  compressible_types: 'text/*, application/javascript, application/json, application/xml',
  compression_level: '8',
};

/** Version, deploy info, start-up poll and the attachment compression config cht-conf reads. */
export function infoRoutes(deps: { access: AccessService; deployInfo: DeployInfoService; couch: Couch }): Router {
  const { access, deployInfo, couch } = deps;
  const router = apiRouter();

  router.get('/api/info', (_req, res) => {
    res.json({ version: API_VERSION });
  });

  router.get('/setup/poll', (_req, res) => {
    res.json({ ready: true, handler: 'medic-api', version: API_VERSION, detail: 'All required services are running normally' });
  });

  router.get('/api/deploy-info', async (req, res) => {
    await access.user(req);
    res.json(await deployInfo.get());
  });

  router.get('/api/couch-config-attachments', async (req, res) => {
    await access.check(req, 'can_configure');
    const section = await couch.getConfigSection('attachments');
    res.json({
      compressible_types: section.compressible_types ?? DEFAULT_ATTACHMENTS_CONFIG.compressible_types,
      compression_level: section.compression_level ?? DEFAULT_ATTACHMENTS_CONFIG.compression_level,
    });
  });

  return router;
}
