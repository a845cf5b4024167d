import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import type { AppSettings } from '../../domain/settings.js';
import { clearPendingTasks, tokenDocId } from '../../domain/users/token-login.js';
import { settingsTokenState, type TokenLoginState } from '../../domain/users/user-docs.js';
import type { TokenIssuer } from './token-issuer.js';
import type { TokenLoginSetup } from './token-setup.js';

/** The main-database docs a token-login change writes, and the stored versions they replace (for undoing). */
export interface TokenDocs {
  docs: Doc[];
  originals: Array<[string, Doc]>;
}

/**
 * Step 10 of an update (contacts-users §2.15, §2.18): enabling issues a new token (on both user docs,
 * given here to be changed in place), disabling removes it; either way the old token doc's pending
 * SMS are cleared, and the old link stops working as the `_users` doc no longer names its token.
 */
export async function updateTokenLogin(
  deps: { medic: CouchDb; tokens: TokenIssuer; now?: () => Date },
  change: { settings: AppSettings; username: string; user: Doc; userSettings: Doc; enabling?: TokenLoginSetup; disabling: boolean },
): Promise<TokenDocs> {
  const { settings, username, user, userSettings, enabling, disabling } = change;
  if (!enabling && !disabling) return { docs: [], originals: [] };
  const docs: Doc[] = [];
  const originals: Array<[string, Doc]> = [];
  const oldToken = (user.token_login as Partial<TokenLoginState> | undefined)?.token;
  if (typeof oldToken === 'string') {
    const old = await deps.medic.get(tokenDocId(oldToken));
    const cleared = old && structuredClone(old);
    if (old && cleared && clearPendingTasks(cleared, deps.now?.() ?? new Date())) {
      docs.push(cleared);
      originals.push([old._id, old]);
    }
  }
  if (enabling) {
    const issued = await deps.tokens.issue(settings, { username, setup: enabling, fields: { ...userSettings, name: username } });
    user.token_login = issued.state;
    userSettings.token_login = settingsTokenState(issued.state);
    docs.push(issued.doc);
  } else {
    delete user.token_login;
    delete userSettings.token_login;
  }
  return { docs, originals };
}
