/** CHT-shaped documents for benchmarks: a place hierarchy, persons, reports and messages. */

export interface DatasetSize {
  persons: number;
  reports: number;
  messages: number;
}

type Doc = Record<string, unknown> & { _id: string };

/** Deterministic ids, so load scripts can address docs without reading them first. */
export const ids = {
  district: (i: number) => `bench-district-${i}`,
  healthCenter: (i: number) => `bench-hc-${i}`,
  clinic: (i: number) => `bench-clinic-${i}`,
  person: (i: number) => `bench-person-${String(i).padStart(6, '0')}`,
  report: (i: number) => `bench-report-${String(i).padStart(7, '0')}`,
  message: (i: number) => `bench-message-${String(i).padStart(7, '0')}`,
};

/** Persons per clinic, clinics per health center, health centers per district. */
const PER_CLINIC = 20;
const PER_HC = 5;
const PER_DISTRICT = 10;

export function phoneOf(i: number): string {
  return `+2547${String(10_000_000 + i).slice(-8)}`;
}

function lineage(clinic: number): { clinicId: string; hcId: string; districtId: string } {
  const hc = Math.floor(clinic / PER_HC);
  return { clinicId: ids.clinic(clinic), hcId: ids.healthCenter(hc), districtId: ids.district(Math.floor(hc / PER_DISTRICT)) };
}

/** Every document of a dataset, in batches, places first. */
export function* datasetBatches(size: DatasetSize, batchSize = 1000): Generator<Doc[]> {
  const clinics = Math.ceil(size.persons / PER_CLINIC);
  const hcs = Math.ceil(clinics / PER_HC);
  const districts = Math.ceil(hcs / PER_DISTRICT);
  const now = Date.UTC(2026, 0, 1);
  let batch: Doc[] = [];
  const push = function* (doc: Doc) {
    batch.push(doc);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  };
  for (let d = 0; d < districts; d++) {
    yield* push({ _id: ids.district(d), type: 'district_hospital', name: `District ${d}`, reported_date: now, contact: { _id: ids.person(d * PER_DISTRICT * PER_HC * PER_CLINIC) } });
  }
  for (let h = 0; h < hcs; h++) {
    const districtId = ids.district(Math.floor(h / PER_DISTRICT));
    yield* push({ _id: ids.healthCenter(h), type: 'health_center', name: `Health center ${h}`, parent: { _id: districtId }, reported_date: now, contact: { _id: ids.person(h * PER_HC * PER_CLINIC) } });
  }
  for (let c = 0; c < clinics; c++) {
    const { hcId, districtId } = lineage(c);
    yield* push({ _id: ids.clinic(c), type: 'clinic', name: `Household ${c}`, parent: { _id: hcId, parent: { _id: districtId } }, reported_date: now, contact: { _id: ids.person(c * PER_CLINIC) } });
  }
  for (let p = 0; p < size.persons; p++) {
    const { clinicId, hcId, districtId } = lineage(Math.floor(p / PER_CLINIC));
    yield* push({
      _id: ids.person(p), type: 'person', name: `Person ${p}`, phone: phoneOf(p), sex: p % 2 ? 'female' : 'male',
      date_of_birth: '1990-01-01', reported_date: now + p, patient_id: String(10000 + p),
      parent: { _id: clinicId, parent: { _id: hcId, parent: { _id: districtId } } },
    });
  }
  for (let r = 0; r < size.reports; r++) {
    const p = r % Math.max(size.persons, 1);
    const { clinicId, hcId, districtId } = lineage(Math.floor(p / PER_CLINIC));
    yield* push({
      _id: ids.report(r), type: 'data_record', form: ['pregnancy', 'delivery', 'assessment'][r % 3], content_type: 'xml',
      reported_date: now + r * 1000, from: phoneOf(p),
      contact: { _id: ids.person(p), parent: { _id: clinicId, parent: { _id: hcId, parent: { _id: districtId } } } },
      fields: { patient_id: String(10000 + p), patient_name: `Person ${p}`, visit: { weight: 60 + (r % 20), notes: `note ${r}` } },
    });
  }
  for (let m = 0; m < size.messages; m++) {
    const p = m % Math.max(size.persons, 1);
    yield* push({
      _id: ids.message(m), type: 'data_record', from: phoneOf(p), reported_date: now + m * 1000, form: null, errors: [],
      sms_message: { message: `Hello ${m}`, from: phoneOf(p), type: 'sms_message', form: null, locale: 'en' },
      tasks: [{ state: 'pending', messages: [{ uuid: `bench-msg-uuid-${m}`, to: phoneOf(p), message: `Reply ${m}` }], state_history: [{ state: 'pending', timestamp: new Date(now).toISOString() }] }],
    });
  }
  if (batch.length) yield batch;
}
