/** Query checks of `GET /api/v1/person` and `GET /api/v1/place` (contacts-users §2.2), in the reference's order. Pure. */
import { BadRequestError } from '../../errors.js';

export const DEFAULT_PAGE_LIMIT = 100;

export interface ListQuery {
  /** The contact type id (view key `[type]`). */
  type: string;
  /** Rows of the view to skip: the numeric value of the cursor. */
  skip: number;
  limit: number;
}

const json = (value: unknown) => String(JSON.stringify(value)); // JSON.stringify(undefined) prints as `undefined`

const cursorError = (cursor: unknown) => new BadRequestError(`The cursor must be a string or null for first page: [${json(cursor)}].`);

/**
 * Checks `type`, `cursor` and `limit` as the reference does: type shape, cursor shape, limit,
 * configured type, numeric cursor. The messages embed the JSON of the raw query values (`["-1"]`).
 * An integer here is a safe one: `1e21` would reach CouchDB as `1e+21`, which it refuses.
 */
export function parseListQuery(query: Record<string, unknown>, configuredTypeIds: readonly string[]): ListQuery {
  const { type, limit = DEFAULT_PAGE_LIMIT } = query;
  const cursor = query.cursor ?? null;
  if (typeof type !== 'string' || type === '') throw new BadRequestError(`Invalid contact type [${json(type)}].`);
  if (cursor !== null && (typeof cursor !== 'string' || cursor === '')) throw cursorError(cursor);
  const numericLimit = Number(limit);
  if (!Number.isSafeInteger(numericLimit) || numericLimit <= 0) {
    throw new BadRequestError(`The limit must be a positive integer: [${json(limit)}].`);
  }
  if (!configuredTypeIds.includes(type)) throw new BadRequestError(`Invalid contact type [${type}].`);
  const skip = Number(cursor);
  if (!Number.isSafeInteger(skip) || skip < 0) throw cursorError(cursor);
  return { type, skip, limit: numericLimit };
}
