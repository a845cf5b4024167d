import type { Logger } from 'pino';
import type { AuthContext } from '../middleware/authenticate.js';

declare global {
  namespace Express {
    interface Request {
      /** 12-hex-character request id (contacts-users §1.1). */
      id: string;
      /** The caller's session, resolved lazily and at most once per request. */
      auth: AuthContext;
      /** The server's logger (see middleware/request-logger.ts). */
      log: Logger;
    }
  }
}

export {};
