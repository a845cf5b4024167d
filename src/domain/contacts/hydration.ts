/**
 * Hydration of contacts and reports from docs already fetched (contacts-users §4.6). Pure: the
 * service decides which ids to fetch (`hydrationPlan`), fetches them in batches, then `hydrate`s.
 */
import { isRecord } from '../objects.js';
import { isContactDoc } from './contact-types.js';
import { chainIds, linkedDocId } from './lineage.js';

type Json = Record<string, unknown>;

/** Docs fetched so far, by id (raw, as stored; never mutated). */
export type DocIndex = ReadonlyMap<string, Json>;

const isReport = (doc: Json) => doc.type === 'data_record';

/** The ids of the lineage to fetch: a contact's ancestors, or a report's contact and its ancestors. */
export function lineageIdsOf(doc: Json): string[] {
  if (isReport(doc)) return chainIds(doc.contact);
  if (isContactDoc(doc)) return chainIds(doc.parent);
  return [];
}

function firstReference(...values: unknown[]): string | undefined {
  const found = values.find((v) => (typeof v === 'string' && v !== '') || (typeof v === 'number' && v !== 0));
  return found === undefined ? undefined : String(found);
}

/** A report's patient reference: `fields.patient_id`, `fields.patient_uuid` or `patient_id` (a shortcode or a uuid). */
export function patientReference(doc: Json): string | undefined {
  if (!isReport(doc)) return undefined;
  const fields = isRecord(doc.fields) ? doc.fields : {};
  return firstReference(fields.patient_id, fields.patient_uuid, doc.patient_id);
}

/** A report's place reference: `fields.place_id` or `place_id`. */
export function placeReference(doc: Json): string | undefined {
  if (!isReport(doc)) return undefined;
  const fields = isRecord(doc.fields) ? doc.fields : {};
  return firstReference(fields.place_id, doc.place_id);
}

/** The docs a hydrated doc is made of (itself unless a report, its lineage members, its subjects'): whose contacts and linked docs get hydrated. */
export function membersOf(doc: Json, index: DocIndex, subjectIds: string[] = []): Json[] {
  const members: Json[] = isReport(doc) ? [] : [doc];
  for (const id of lineageIdsOf(doc)) {
    const found = index.get(id);
    if (found) members.push(found);
  }
  for (const subjectId of subjectIds) {
    const subject = index.get(subjectId);
    if (!subject) continue;
    members.push(subject);
    for (const id of lineageIdsOf(subject)) {
      const found = index.get(id);
      if (found) members.push(found);
    }
  }
  return members;
}

/** Contact ids and linked-doc ids the members refer to. */
export function referencedIds(members: Json[]): string[] {
  const ids = new Set<string>();
  for (const member of members) {
    const contactId = isRecord(member.contact) ? member.contact._id : undefined;
    if (typeof contactId === 'string' && contactId !== '') ids.add(contactId);
    if (isRecord(member.linked_docs)) {
      for (const value of Object.values(member.linked_docs)) {
        const id = linkedDocId(value);
        if (id) ids.add(id);
      }
    }
  }
  return [...ids];
}

// Shallow copies: only the top-level `parent`, `contact` and `linked_docs` of a copy are replaced,
// so the fetched docs are never changed; nested values are shared, as in any JSON answer.
const copy = (doc: Json): Json => ({ ...doc });

/**
 * Replaces `holder[key]`, then each `parent` below it, by a copy of the fetched doc of the chain
 * `ids`; a level that was not fetched keeps (a copy of) its stored stub. Returns the filled levels.
 */
function fillChain(holder: Json, key: 'parent' | 'contact', ids: string[], index: DocIndex): Json[] {
  const filled: Json[] = [];
  let current = holder;
  let field: string = key;
  for (const id of ids) {
    const next = index.get(id) ?? current[field];
    if (!isRecord(next)) break;
    const level = copy(next);
    current[field] = level;
    filled.push(level);
    current = level;
    field = 'parent';
  }
  return filled;
}

/** `contact` (when it has an `_id`) and `linked_docs` values replaced by copies of the fetched docs. */
function fillReferences(node: Json, index: DocIndex): void {
  const contactId = isRecord(node.contact) ? node.contact._id : undefined;
  const contact = typeof contactId === 'string' ? index.get(contactId) : undefined;
  if (contact) node.contact = copy(contact);
  if (isRecord(node.linked_docs)) {
    const linked: Json = { ...node.linked_docs };
    for (const [name, value] of Object.entries(linked)) {
      const id = linkedDocId(value);
      const found = id ? index.get(id) : undefined;
      if (found) linked[name] = copy(found);
    }
    node.linked_docs = linked;
  }
}

/** A doc with its lineage filled in and the lineage members' contacts and linked docs hydrated. */
function hydrateOne(doc: Json, index: DocIndex): Json {
  const out = copy(doc);
  const report = isReport(out);
  const levels = fillChain(out, report ? 'contact' : 'parent', lineageIdsOf(doc), index);
  for (const node of report ? levels : [out, ...levels]) fillReferences(node, index);
  return out;
}

/**
 * The hydrated doc (§4.6): contacts get their parents; reports their contact's lineage plus
 * `patient` and `place` subjects (given as resolved ids) hydrated the same way; anything else as it is.
 */
export function hydrate(doc: Json, index: DocIndex, subjects: { patient?: string; place?: string } = {}): Json {
  if (!isReport(doc) && !isContactDoc(doc)) return doc;
  const out = hydrateOne(doc, index);
  if (!isReport(doc)) return out;
  for (const key of ['patient', 'place'] as const) {
    const id = subjects[key];
    const subject = id ? index.get(id) : undefined;
    if (subject) out[key] = hydrateOne(subject, index);
  }
  return out;
}
