import type { Router, Request } from 'express';
import { apiRouter } from '../router.js';
import { valueAtPath, type SettingsMode } from '../../domain/settings.js';
import { strictJsonBody } from '../../middleware/parse-body.js';
import { mainDbOnly } from '../main-db.js';
import type { AccessService } from '../../services/access-service.js';
import type { SettingsService } from '../../services/settings-service.js';
import { deprecatedTransitions } from './deprecated-transitions.js';

/**
 * `replace` / `overwrite` are raw query strings tested for truthiness: any non-empty value,
 * even `false` or `0`, turns the mode on (settings spec §1.2); overwrite wins.
 */
function updateMode(req: Request): SettingsMode {
  const query = req.query as Record<string, unknown>;
  if (query.overwrite) return 'overwrite';
  if (query.replace) return 'replace';
  return 'merge';
}

/** Settings API plus the legacy `_rewrite` routes cht-conf still uses (settings spec §1). */
export function settingsRoutes(deps: { settings: SettingsService; access: AccessService; dbName: string }): Router {
  const { settings, access, dbName } = deps;
  const router = apiRouter();
  const onlyMainDb = mainDbOnly(dbName);

  const update = async (req: Request) => {
    await access.check(req, ['can_edit', 'can_configure'], { prompt: true });
    const updated = await settings.update(req.body, updateMode(req));
    return { success: true, updated };
  };

  router.get('/api/v1/settings', async (req, res) => {
    await access.user(req, { prompt: true });
    // the cached JSON text: no CouchDB read, no serialising per request
    res.type('json').send((await settings.stored()).json);
  });

  router.put('/api/v1/settings', ...strictJsonBody(), async (req, res) => {
    res.json(await update(req));
  });

  router.get('/api/v1/settings/deprecated-transitions', async (req, res) => {
    await access.user(req, { prompt: true });
    res.json(deprecatedTransitions((await settings.get()).transitions));
  });

  router.get('/:db/_design/medic/_rewrite/app_settings/medic{/*path}', onlyMainDb, async (req, res) => {
    await access.user(req, { prompt: true });
    const all = await settings.get();
    const path = ([] as string[]).concat((req.params as { path?: string[] }).path ?? []).join('/');
    res.json({ settings: (path ? valueAtPath(all, path) : all) || {}, meta: {}, schema: {} });
  });

  router.put('/:db/_design/medic/_rewrite/update_settings/medic', onlyMainDb, ...strictJsonBody(), async (req, res) => {
    res.json(await update(req));
  });

  return router;
}
