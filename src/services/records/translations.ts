import type { Couch } from '../../db/couch.js';
import type { TranslationMaps } from '../../domain/records/record-errors.js';

interface TranslationsDoc {
  generic?: Record<string, unknown>;
  custom?: Record<string, unknown>;
}

/** Texts of the `messages-<locale>` docs of the main database (custom overrides generic). */
export class TranslationService {
  constructor(private readonly deps: { couch: Couch }) {}

  /** The maps to look a key up in for a locale: its custom and generic texts, then English's. */
  async maps(locale: string): Promise<TranslationMaps> {
    const ids = locale === 'en' ? ['messages-en'] : [`messages-${locale}`, 'messages-en'];
    const docs = (await this.deps.couch.medic.getMany(ids)) as Array<TranslationsDoc | undefined>;
    return docs.flatMap((doc) => [doc?.custom, doc?.generic]);
  }
}
