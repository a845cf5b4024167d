import type { NewDoc } from '../../db/types.js';

/**
 * A step run on new records just before they are saved, in the request that creates them: where
 * the reference runs its synchronous transitions (settings spec §5.5: contact lookup, auto
 * replies in `tasks`, `patient_id`, more `errors`). None exist yet; the transitions issue adds
 * them to the list built in `src/services.ts`, in the order they must run.
 */
export interface DocumentProcessor {
  /** Name for logs. */
  readonly name: string;
  /**
   * Changes the docs in place (add `tasks`, `errors`, `contact`, an `_id` where none is set…); a
   * throw fails the save. Keep an `_id` that is already set: incoming SMS get one derived from
   * their gateway ref, which is what makes a duplicate impossible to save.
   */
  process(docs: NewDoc[]): Promise<void>;
}
