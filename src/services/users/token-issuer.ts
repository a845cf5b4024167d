import type { Couch } from '../../db/couch.js';
import type { Doc } from '../../db/types.js';
import { fillTemplate } from '../../domain/records/record-errors.js';
import type { AppSettings } from '../../domain/settings.js';
import type { TokenLoginState } from '../../domain/users/user-docs.js';
import { newToken, TOKEN_CANDIDATES, TOKEN_LIFETIME_MS, tokenDocId, tokenLoginDoc } from '../../domain/users/token-login.js';
import { ownValue, setOwn } from '../../domain/objects.js';
import { AppError } from '../../errors.js';
import type { TranslationService } from '../records/translations.js';
import type { TokenLoginSetup } from './token-setup.js';

/** A token ready to be written: the doc with its two SMS tasks, and the state for both user docs. */
export interface IssuedToken {
  doc: Doc;
  state: TokenLoginState;
}

const SECRET_FIELDS = new Set(['password', 'token', 'token_login', 'derived_key', 'salt']);

/** `{{field}}` values for the help text: the user's and their settings' plain fields, never a secret. */
function templateContext(fields: Record<string, unknown>): Record<string, string> {
  const ctx: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!SECRET_FIELDS.has(k) && ['string', 'number', 'boolean'].includes(typeof v)) setOwn(ctx, k, String(v));
  }
  return ctx;
}

/** `token_login.message`: a string, or `[{locale, content}]`. */
function configuredMessage(message: unknown, locale: string): string | undefined {
  if (typeof message === 'string') return message;
  if (!Array.isArray(message)) return undefined;
  const entries = message as Array<{ locale?: unknown; content?: unknown }>;
  const found = entries.find((m) => m?.locale === locale) ?? entries.find((m) => m?.locale === 'en') ?? entries[0];
  return typeof found?.content === 'string' ? found.content : undefined;
}

/** New login tokens and their SMS (contacts-users §2.18). */
export class TokenIssuer {
  constructor(private readonly deps: { couch: Couch; translations: TranslationService; now?: () => number }) {}

  /** A free token, its doc (help text, then the link, to the E.164 `phone`) and its state, valid 24 h. */
  async issue(settings: AppSettings, input: { username: string; setup: TokenLoginSetup; fields: Record<string, unknown> }): Promise<IssuedToken> {
    const { phone, appUrl } = input.setup;
    const now = new Date(this.deps.now?.() ?? Date.now());
    const token = await this.freeToken();
    const helpText = await this.helpText(settings, input.fields);
    const doc = tokenLoginDoc({ token, username: input.username, phone, helpText, appUrl, now });
    return { doc, state: { active: true, token, expiration_date: now.getTime() + TOKEN_LIFETIME_MS } };
  }

  /** The first of 10 random tokens whose doc id is free, checked in one `_all_docs`. */
  private async freeToken(): Promise<string> {
    const candidates = Array.from({ length: TOKEN_CANDIDATES }, newToken);
    const { rows } = await this.deps.couch.medic.allDocs({ keys: candidates.map(tokenDocId) });
    const free = candidates.find((_, i) => rows[i]?.error === 'not_found');
    if (!free) throw new AppError(500, 'Failed to generate a unique token');
    return free;
  }

  /** The first SMS: the translation of `token_login.translation_key`, else `token_login.message`, templated with the user's fields. */
  private async helpText(settings: AppSettings, fields: Record<string, unknown>): Promise<string> {
    const config = (settings.token_login ?? {}) as { translation_key?: unknown; message?: unknown };
    const locale = [fields.language, settings.locale_outgoing, settings.locale].find((l): l is string => typeof l === 'string' && !!l) ?? 'en';
    const key = typeof config.translation_key === 'string' ? config.translation_key : undefined;
    const maps = key ? await this.deps.translations.maps(locale) : [];
    const translated = maps.map((m) => (key ? ownValue(m, key) : undefined)).find((t): t is string => typeof t === 'string');
    const template = translated ?? configuredMessage(config.message, locale) ?? key ?? '';
    return fillTemplate(template, templateContext(fields));
  }
}
