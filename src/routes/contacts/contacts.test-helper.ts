/** Test helper: a small CHT hierarchy written straight to the database, and readers for what the API stored. */
import assert from 'node:assert/strict';
import type { TestServer } from '../../../test/helpers/test-server.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ACCEPT_JSON = { accept: 'application/json' };

/**
 * district dh1 (contact p-sup) → health center hc1 (contact p-chw) → clinic c1 (contact p1);
 * persons p1 (in c1), p-chw (in hc1), p-sup (in dh1). Stored lineages are minified.
 */
export function hierarchy(): Json[] {
  const dh = { _id: 'dh1' };
  const hc = { _id: 'hc1', parent: dh };
  const c = { _id: 'c1', parent: hc };
  return [
    { _id: 'dh1', type: 'district_hospital', name: 'District One', parent: '', reported_date: 1, contact: { _id: 'p-sup', parent: dh } },
    { _id: 'hc1', type: 'health_center', name: 'Health Center One', parent: dh, reported_date: 2, contact: { _id: 'p-chw', parent: hc } },
    { _id: 'c1', type: 'clinic', name: 'Clinic One', parent: hc, reported_date: 3, contact: { _id: 'p1', parent: c } },
    { _id: 'p1', type: 'person', name: 'Patient One', phone: '+254712345678', patient_id: '11111', parent: c, reported_date: 4 },
    { _id: 'p-chw', type: 'person', name: 'CHW', phone: '+254712345679', parent: hc, reported_date: 5 },
    { _id: 'p-sup', type: 'person', name: 'Supervisor', parent: dh, reported_date: 6 },
  ];
}

/** Writes docs with `_bulk_docs` straight to the database; returns their revs by id. */
export async function saveDocs(t: TestServer, docs: Json[]): Promise<Record<string, string>> {
  const res = await t.couch.post(`/${t.dbName}/_bulk_docs`, { json: { docs } });
  assert.equal(res.status, 201, res.text);
  const results = res.json() as Array<{ id: string; rev?: string; error?: string }>;
  for (const r of results) assert.equal(r.error, undefined, `${r.id}: ${r.error}`);
  return Object.fromEntries(results.map((r) => [r.id, r.rev as string]));
}

/** A doc as stored, or undefined when missing. */
export async function readDoc(t: TestServer, id: string): Promise<Json | undefined> {
  const res = await t.couch.get(`/${t.dbName}/${encodeURIComponent(id)}`);
  return res.status === 200 ? (res.json() as Json) : undefined;
}

/** The stored docs (design docs and settings left out), by id. */
export async function allDocs(t: TestServer): Promise<Map<string, Json>> {
  const res = await t.couch.get(`/${t.dbName}/_all_docs?include_docs=true`);
  const rows = res.json().rows as Array<{ id: string; doc: Json }>;
  return new Map(rows.filter((r) => !r.id.startsWith('_design/') && !r.id.startsWith('org.couchdb.user:') && r.id !== 'settings').map((r) => [r.id, r.doc]));
}

/** Replaces the configured contact types (the rest of the settings is kept). */
export async function setContactTypes(t: TestServer, types: Json[]): Promise<void> {
  const res = await t.api.put('/api/v1/settings', { json: { contact_types: types } });
  assert.equal(res.status, 200, res.text);
}

/** Restores the default contact types (district_hospital → health_center → clinic, person). */
export const DEFAULT_TYPES: Json[] = [
  { id: 'district_hospital' },
  { id: 'health_center', parents: ['district_hospital'] },
  { id: 'clinic', parents: ['health_center'] },
  { id: 'person', parents: ['district_hospital', 'health_center', 'clinic'], person: true },
];
