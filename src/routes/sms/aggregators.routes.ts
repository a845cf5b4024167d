import type { Router } from 'express';
import { apiRouter } from '../router.js';
import { BadRequestError, ForbiddenError } from '../../errors.js';
import { atDeliveryState } from '../../domain/sms/provider-states.js';
import { formBody, jsonBody } from '../../middleware/parse-body.js';
import type { CredentialsService } from '../../services/credentials/credentials-service.js';
import type { IncomingMessages } from '../../services/messaging/incoming-messages.js';
import type { MessageStates } from '../../services/messaging/message-states.js';
import { checkIncomingSecret } from './provider-auth.js';

interface Deps {
  credentials: CredentialsService;
  incoming: IncomingMessages;
  states: MessageStates;
}

/** A parsed body, or 400 when the parser did not recognise the content type. */
function bodyOf(body: unknown, kind: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) throw new BadRequestError(`Request body must be ${kind}`);
  return body as Record<string, unknown>;
}

const TOKEN = /^Token\s+(.*)$/;

/** Africa's Talking callbacks and RapidPro's webhook (settings spec §6.3, §6.4; clients.md §3). No CouchDB session. */
export function aggregatorRoutes({ credentials, incoming, states }: Deps): Router {
  const router = apiRouter();

  router.post('/api/v1/sms/africastalking/incoming-messages', formBody(), async (req, res) => {
    await checkIncomingSecret(credentials, 'africastalking.com:incoming', req.query.key);
    const body = bodyOf(req.body, 'application/x-www-form-urlencoded');
    // a duplicate or incomplete message is still a 200, unlike RapidPro
    res.json({ saved: await incoming.receive([{ id: body.id, from: body.from, content: body.text }]) });
  });

  router.post('/api/v1/sms/africastalking/delivery-reports', formBody(), async (req, res) => {
    await checkIncomingSecret(credentials, 'africastalking.com:incoming', req.query.key);
    const body = bodyOf(req.body, 'application/x-www-form-urlencoded');
    const state = atDeliveryState(body.status);
    if (!state) throw new BadRequestError(`Unknown status code: "${String(body.status)}", gateway message reference: "${String(body.id)}"`);
    const details = typeof body.failureReason === 'string' ? body.failureReason : undefined;
    res.json({ saved: await states.update([{ gatewayRef: body.id, state, details }]) });
  });

  // `radpidpro` is the reference's real (misspelt) v1 path
  router.post(['/api/v1/sms/radpidpro/incoming-messages', '/api/v2/sms/rapidpro/incoming-messages'], jsonBody(), async (req, res) => {
    const token = TOKEN.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) throw new ForbiddenError('Missing authorization token');
    await checkIncomingSecret(credentials, 'rapidpro:incoming', token);
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const saved = await incoming.receive([{ id: body.id, from: body.from, content: body.content }]);
    if (!saved) throw new BadRequestError('Message was not saved');
    res.json({ saved });
  });

  return router;
}
