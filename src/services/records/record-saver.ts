import type { Couch } from '../../db/couch.js';
import type { BulkResult, NewDoc } from '../../db/types.js';
import type { Logger } from '../../logger.js';
import type { DocumentProcessor } from './document-processor.js';

/** Told about saved records, so messages they carry go out at once (the reference's `messaging.send(id)`). */
export interface SavedRecordsListener {
  recordsSaved(docs: readonly NewDoc[]): void;
}

/**
 * The one save path of new records (records API, cht-gateway, aggregators; settings spec §5.5):
 * every document processor in order, then one `_bulk_docs`.
 */
export class RecordSaver {
  private listener: SavedRecordsListener | undefined;

  constructor(private readonly deps: { couch: Couch; processors: readonly DocumentProcessor[]; logger: Logger }) {}

  /** Registers who hears about saved records (set once, by the composition root). */
  onSaved(listener: SavedRecordsListener): void {
    this.listener = listener;
  }

  /** Runs the processors, then writes; the `_bulk_docs` results in doc order. */
  async save(docs: NewDoc[]): Promise<BulkResult[]> {
    if (!docs.length) return [];
    for (const processor of this.deps.processors) {
      await processor.process(docs);
    }
    const results = await this.deps.couch.medic.bulk(docs);
    const saved = docs.filter((_doc, i) => results[i]?.ok);
    if (saved.length) this.listener?.recordsSaved(saved);
    return results;
  }
}
