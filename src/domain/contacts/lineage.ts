/** Stored (minified) lineage of contacts and reports (contacts-users §4.4). Pure. */
import { BadRequestError } from '../../errors.js';
import { isRecord } from '../objects.js';
import { isContactDoc } from './contact-types.js';

/** More ancestors than this means a parent loop (the reference's limit, §4.4). */
export const MAX_LINEAGE_DEPTH = 50;

type Json = Record<string, unknown>;

function idOf(node: unknown): string | undefined {
  return isRecord(node) && typeof node._id === 'string' && node._id !== '' ? node._id : undefined;
}

/**
 * `{_id, parent: {_id, parent: …}}` of a parent chain, only `_id` kept at each level, stopping at the
 * first ancestor without an `_id`. A value without `_id` (undefined, '', {}) is returned as it is.
 * Only writes minify: a chain over the limit is the request's fault, a 400 (the reference: 500).
 */
export function minifyLineage<T>(parent: T): T | Json {
  const rootId = idOf(parent);
  if (!rootId) return parent;
  const result: Json = { _id: rootId };
  let out = result;
  let node: unknown = (parent as Json).parent;
  for (let depth = 1; idOf(node); depth++) {
    if (depth >= MAX_LINEAGE_DEPTH) throw new BadRequestError(`Could not minify ${rootId}, possible parent recursion.`);
    const next: Json = { _id: idOf(node) };
    out.parent = next;
    out = next;
    node = (node as Json).parent;
  }
  return result;
}

/** `{_id, parent?}` of a contact: the `parent` key only when the contact has one (§4.4). */
function minifyContact(contact: Json): Json {
  const mini: Json = { _id: contact._id };
  if (contact.parent) mini.parent = minifyLineage(contact.parent);
  return mini;
}

/**
 * The doc as it is stored: `parent` and `contact` reduced to ids, report subjects (`patient`,
 * `place`) dropped, `linked_docs` values reduced to ids. Returns a copy; the input is not changed.
 */
export function minify<T extends Json>(doc: T): T {
  const out: Json = { ...doc };
  if (out.parent) out.parent = minifyLineage(out.parent);
  if (isRecord(out.contact) && out.contact._id) out.contact = minifyContact(out.contact);
  if (out.type === 'data_record') {
    delete out.patient;
    delete out.place;
  }
  if (isContactDoc(out) && isRecord(out.linked_docs)) {
    out.linked_docs = Object.fromEntries(
      Object.entries(out.linked_docs).map(([key, value]) => [key, isRecord(value) && value._id !== undefined ? value._id : value]),
    );
  }
  return out as T;
}

/** The ids of a chain starting at `node` itself: `[node._id, node.parent._id, …]`, up to the first level without an id. */
export function chainIds(node: unknown): string[] {
  const ids: string[] = [];
  for (let current = node; ids.length < MAX_LINEAGE_DEPTH * 2; current = (current as Json).parent) {
    const id = idOf(current);
    if (!id) break;
    ids.push(id);
  }
  return ids;
}

/** The id of a `linked_docs` value: a string, or an object's `_id`. */
export function linkedDocId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return idOf(value);
}
