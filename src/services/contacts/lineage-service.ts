import type { CouchDb } from '../../db/couch-db.js';
import type { Doc } from '../../db/types.js';
import { isContactDoc } from '../../domain/contacts/contact-types.js';
import {
  hydrate,
  lineageIdsOf,
  membersOf,
  patientReference,
  placeReference,
  referencedIds,
  type DocIndex,
} from '../../domain/contacts/hydration.js';
import { ContactHints } from './contact-hints.js';

/** One answer of `/api/v1/hydrate`. */
export type HydratedEntry = { id: unknown; doc: Doc } | { id: unknown; error: 'not_found' };

interface Subjects {
  patient?: string;
  place?: string;
}

/** Ids CouchDB would answer with something other than a document (`_all_docs`, `_changes`, …). */
export function isReservedPath(id: string): boolean {
  return id === '' || (id.startsWith('_') && !id.startsWith('_design/') && !id.startsWith('_local/'));
}

/**
 * Hydration of docs with their lineage (contacts-users §4.6) in a fixed number of requests,
 * whatever the depth: the docs; one `_all_docs` for every ancestor (and report subject), with the
 * ancestors' contacts as last seen; one more only for contacts and linked docs still missing
 * (plus, for reports, a shortcode lookup and the subjects' ancestors).
 */
export class LineageService {
  private readonly hints: ContactHints;

  constructor(private readonly deps: { medic: CouchDb; hints?: ContactHints }) {
    this.hints = deps.hints ?? new ContactHints();
  }

  /** GET a doc by id; undefined when missing, deleted, or not a document path. */
  async getDoc(id: string): Promise<Doc | undefined> {
    return isReservedPath(id) ? undefined : this.deps.medic.get(id);
  }

  /** `fetchHydratedDoc`: the doc with its lineage; undefined when it does not exist. */
  async fetchHydratedDoc(id: string): Promise<Doc | undefined> {
    const doc = await this.getDoc(id);
    return doc && (await this.hydrateDocs([doc]))[0];
  }

  /** Docs by id in one `_all_docs` (missing and deleted ones dropped), hydrated, in the order asked. */
  async fetchHydratedDocs(ids: readonly string[]): Promise<Doc[]> {
    const docs = await this.deps.medic.getMany(ids);
    return this.hydrateDocs(docs.filter((d): d is Doc => !!d));
  }

  /**
   * `POST /api/v1/hydrate` (§2.8): one entry per requested id, in order, `{id, doc}` or
   * `{id, error: 'not_found'}`. One id is a GET; several are one `_all_docs`.
   */
  async hydrateIds(ids: readonly unknown[]): Promise<HydratedEntry[]> {
    const wanted = ids.filter((id): id is string => typeof id === 'string');
    const docs = wanted.length === 1 && ids.length === 1 ? [await this.fetchHydratedDoc(wanted[0] as string)] : await this.fetchHydratedDocs(wanted);
    const byId = new Map(docs.filter((d): d is Doc => !!d).map((d) => [d._id, d]));
    return ids.map((id) => {
      const doc = typeof id === 'string' ? byId.get(id) : undefined;
      return doc ? { id, doc } : { id, error: 'not_found' as const };
    });
  }

  /** `hydrateDocs`: each doc with its lineage, its lineage's contacts and linked docs, and report subjects. */
  async hydrateDocs(docs: readonly Doc[]): Promise<Doc[]> {
    if (!docs.length) return [];
    const index = new Map<string, Doc>(docs.map((d) => [d._id, d]));
    const missing = new Set<string>();
    const fetch = async (ids: Iterable<string>, hinted: Iterable<string> = []) => {
      const wanted = [...new Set([...ids, ...hinted])].filter((id) => !index.has(id) && !missing.has(id));
      if (!wanted.length) return;
      const found = await this.deps.medic.getMany(wanted);
      wanted.forEach((id, i) => {
        const doc = found[i];
        if (doc) index.set(id, doc);
        else missing.add(id);
      });
      this.hints.learn(found);
    };
    this.hints.learn(docs);

    const subjects = await this.resolveSubjects(docs);
    const subjectIds = (i: number) => [subjects[i]?.patient, subjects[i]?.place].filter((id): id is string => !!id);
    // the docs' own contacts are known now: fetch them with the ancestors
    const ownReferences = referencedIds(docs.filter((d) => isContactDoc(d)));
    const ancestors = docs.flatMap((d) => lineageIdsOf(d));
    // the ancestors' contacts as last seen come along: when right (nearly always), no third request
    await fetch([...ancestors, ...docs.flatMap((_, i) => subjectIds(i)), ...ownReferences], this.hints.contactsOf(ancestors));
    const subjectDocs = docs.flatMap((_, i) => subjectIds(i).map((id) => index.get(id))).filter((d): d is Doc => !!d);
    await fetch(subjectDocs.flatMap((d) => lineageIdsOf(d)));
    await fetch(docs.flatMap((d, i) => referencedIds(membersOf(d, index as DocIndex, subjectIds(i)))));
    return docs.map((doc, i) => hydrate(doc, index as DocIndex, subjects[i]) as Doc);
  }

  /** Report subjects: each reference looked up as a shortcode (`contacts_by_reference`), else taken as a uuid. */
  private async resolveSubjects(docs: readonly Doc[]): Promise<Array<Subjects | undefined>> {
    const refs = docs.map((d) => ({ patient: patientReference(d), place: placeReference(d) }));
    const wanted = [...new Set(refs.flatMap((r) => [r.patient, r.place]).filter((r): r is string => !!r))];
    if (!wanted.length) return refs.map(() => undefined);
    const byShortcode = new Map<string, string>();
    const res = await this.deps.medic.view<[string, string]>('medic-client', 'contacts_by_reference', {
      keys: wanted.map((ref) => ['shortcode', ref]),
    });
    for (const row of res.rows) if (!byShortcode.has(row.key[1])) byShortcode.set(row.key[1], row.id);
    const resolve = (ref: string | undefined) => (ref ? (byShortcode.get(ref) ?? ref) : undefined);
    return refs.map((r) => ({ patient: resolve(r.patient), place: resolve(r.place) }));
  }
}
