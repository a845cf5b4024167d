import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { BadRequestError } from '../../errors.js';
import { usersFromCsv } from '../../domain/users/users-csv.js';
import type { Logger } from '../../logger.js';
import { strictJsonBody, strictJsonOrCsvBody } from '../../middleware/parse-body.js';
import type { AccessService } from '../../services/access-service.js';
import type { Couch } from '../../db/couch.js';
import { BulkUploadLog, loggableUser } from '../../services/users/bulk-upload-log.js';
import type { UserServices } from '../../services/users/index.js';

const CREATE = ['can_edit', 'can_create_users'];

/** The users of a CSV body; a CSV that does not parse ends the log as failed. */
async function parsed(log: BulkUploadLog, text: unknown): Promise<unknown[]> {
  try {
    return usersFromCsv(typeof text === 'string' ? text : '');
  } catch (err) {
    await log.fail(err);
    throw err;
  }
}

/** `POST /api/v1/users` (one or many), `/api/v2/users` (JSON or CSV, logged) and `/api/v3/users` (contacts-users §2.13, §2.14, §2.22). */
export function usersCreateRoutes(deps: { users: UserServices; access: AccessService; couch: Couch; logger: Logger }): Router {
  const { users, access, couch, logger } = deps;
  const router = apiRouter();

  router.post('/api/v1/users', ...strictJsonBody(), async (req, res) => {
    await access.check(req, CREATE);
    const body: unknown = req.body;
    res.json(Array.isArray(body) ? await users.bulk.createAll(body) : await users.creator.create(body));
  });

  router.post('/api/v2/users', ...strictJsonOrCsvBody(), async (req, res) => {
    const caller = await access.check(req, CREATE);
    const log = await BulkUploadLog.start({ logs: couch.logs, logger }, caller.name);
    let body: unknown = req.body;
    if (req.headers['content-type'] === 'text/csv') {
      log.update({ progress: { status: 'parsing' } });
      const rows = await parsed(log, req.body);
      log.update({
        progress: { status: 'parsed', parsing: { total: rows.length, failed: 0, successful: rows.length } },
        data: rows.map((u) => loggableUser(u, 'parsed')),
      });
      body = rows;
    }
    // a single object is a plain create; its log doc stays `initiated`, as in the reference
    res.json(Array.isArray(body) ? await users.bulk.createLogged(body, log) : await users.creator.create(body));
  });

  router.post('/api/v3/users', ...strictJsonBody(), async (req, res) => {
    await access.check(req, CREATE);
    if (Array.isArray(req.body)) throw new BadRequestError('Request body must be a single user object');
    res.json(await users.creator.createV3(req.body));
  });

  return router;
}
