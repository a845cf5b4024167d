/**
 * Contacts: reads with lineage, hydrate, contacts-by-phone and deep pages. Floors that need two
 * dependent requests (the doc, then one `_all_docs` for its ancestors and their contacts, as
 * PERFORMANCE.md defines them) run in `bench/loop.ts`; so does the API side of those scenarios,
 * so both are measured by the same client.
 */
import { ids, phoneOf } from '../data.js';
import type { BenchContext, Call, Scenario } from './types.js';

// the shape of bench/data.ts: persons per clinic, clinics per health center, health centers per district
const PER_CLINIC = 20;
const PER_HC = 5;
const PER_DISTRICT = 10;
const PAGE = 100;

type Doc = { _id: string; parent?: Doc };

const chain = (node: Doc | undefined): string[] => (node ? [node._id, ...chain(node.parent)] : []);
const unique = (values: string[]) => [...new Set(values)];

/** The primary contacts of a clinic and of its health center and district (bench/data.ts gives each place its first person). */
function placeContacts(clinic: number): string[] {
  const hc = Math.floor(clinic / PER_HC);
  return [ids.person(clinic * PER_CLINIC), ids.person(hc * PER_HC * PER_CLINIC), ids.person(Math.floor(hc / PER_DISTRICT) * PER_DISTRICT * PER_HC * PER_CLINIC)];
}

async function allDocs(call: Call, db: string, keys: string[]): Promise<void> {
  await call('POST', `/${db}/_all_docs?include_docs=true`, { keys });
}

export function contactsScenarios(ctx: BenchContext): Scenario[] {
  const db = ctx.dbName;
  const personIndex = (i: number) => (i * 7919) % ctx.persons;
  const clinics = Math.ceil(ctx.persons / PER_CLINIC);
  const clinicIndex = (i: number) => (i * 31) % clinics;
  const hydrateIds = (i: number) => Array.from({ length: 100 }, (_, k) => ids.person((i * 100 + k) % ctx.persons));
  const byPhone = `/${db}/_design/medic-client/_view/contacts_by_phone`;
  const byType = `/${db}/_design/medic-client/_view/contacts_by_type?reduce=false&include_docs=true&limit=${PAGE + 1}`;
  const api = (method: 'GET' | 'POST', path: (i: number) => string, body?: (i: number) => unknown) => ({
    path: () => '',
    sequence: (i: number, call: Call) => call(method, path(i), body?.(i)),
  });
  const warmView = (path: string) => async () => {
    await fetch(`${ctx.couchUrl}${path}`, { headers: { authorization: ctx.auth } });
  };

  // a server that has been running has read every clinic: the contact hints are warm (steady state)
  const readEveryClinic = async () => {
    let next = 0;
    const worker = async () => {
      for (let c = next++; c < clinics; c = next++) {
        await (await fetch(`${ctx.apiUrl}/api/v1/place/${ids.clinic(c)}?with_lineage=true`, { headers: { authorization: ctx.auth } })).text();
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  };

  return [
    {
      name: 'contacts: GET person with lineage',
      api: api('GET', (i) => `/api/v1/person/${ids.person(personIndex(i))}?with_lineage=true`),
      warm: readEveryClinic,
      floor: {
        path: () => '',
        sequence: async (i, call) => {
          const p = personIndex(i);
          const doc = (await call('GET', `/${db}/${ids.person(p)}`)) as Doc;
          await allDocs(call, db, [...chain(doc.parent), ...placeContacts(Math.floor(p / PER_CLINIC))]);
        },
      },
    },
    {
      name: 'contacts: GET place with lineage',
      api: api('GET', (i) => `/api/v1/place/${ids.clinic(clinicIndex(i))}?with_lineage=true`),
      floor: {
        path: () => '',
        sequence: async (i, call) => {
          const doc = (await call('GET', `/${db}/${ids.clinic(clinicIndex(i))}`)) as Doc;
          await allDocs(call, db, [...chain(doc.parent), ...placeContacts(clinicIndex(i))]);
        },
      },
    },
    {
      name: 'contacts: hydrate 100 persons',
      api: api('POST', () => '/api/v1/hydrate', (i) => ({ doc_ids: hydrateIds(i) })),
      floor: {
        path: () => '',
        sequence: async (i, call) => {
          const res = (await call('POST', `/${db}/_all_docs?include_docs=true`, { keys: hydrateIds(i) })) as { rows: Array<{ doc: Doc }> };
          const docs = res.rows.map((r) => r.doc);
          const clinicsOf = unique(docs.map((d) => d.parent?._id ?? '')).map((id) => Number(id.split('-').pop()));
          await allDocs(call, db, unique([...docs.flatMap((d) => chain(d.parent)), ...clinicsOf.flatMap(placeContacts)]));
        },
      },
    },
    {
      name: 'contacts: contacts-by-phone',
      api: api('GET', (i) => `/api/v1/contacts-by-phone?phone=${encodeURIComponent(phoneOf(personIndex(i)))}`),
      floor: {
        path: () => '',
        sequence: async (i, call) => {
          const p = personIndex(i);
          const res = (await call('GET', `${byPhone}?include_docs=true&key=${encodeURIComponent(JSON.stringify(phoneOf(p)))}`)) as { rows: Array<{ doc: Doc }> };
          await allDocs(call, db, [...res.rows.flatMap((r) => chain(r.doc.parent)), ...placeContacts(Math.floor(p / PER_CLINIC))]);
        },
      },
      warm: warmView(`${byPhone}?limit=1`),
    },
    {
      name: 'contacts: person list page 1',
      api: { path: () => `/api/v1/person?type=person&limit=${PAGE}` },
      floor: { path: () => `${byType}&key=${encodeURIComponent('["person"]')}` },
      warm: warmView(`${byType}&key=${encodeURIComponent('["person"]')}`),
    },
    {
      name: 'contacts: person list page 200, cursor followed',
      api: { path: () => `/api/v1/person?type=person&limit=${PAGE}&cursor=${199 * PAGE}` },
      floor: { path: () => `${byType}&startkey=${encodeURIComponent('["person"]')}&endkey=${encodeURIComponent('["person"]')}&startkey_docid=${ids.person(199 * PAGE)}` },
      // a client paging from the start: each cursor it follows was handed out by the server
      warm: async () => {
        let cursor: string | null = null;
        for (let page = 1; page < 200; page++) {
          const res = await fetch(`${ctx.apiUrl}/api/v1/person?type=person&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: ctx.auth } });
          cursor = ((await res.json()) as { cursor: string | null }).cursor;
        }
      },
    },
    {
      name: 'contacts: person list page 200, cursor never handed out (skip)',
      api: { path: () => `/api/v1/person?type=person&limit=${PAGE}&cursor=${199 * PAGE + 1}` },
      floor: { path: () => `${byType}&key=${encodeURIComponent('["person"]')}&skip=${199 * PAGE + 1}` },
    },
  ];
}
