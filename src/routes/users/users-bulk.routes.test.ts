import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../../../test/helpers/test-server.js';
import { ACCEPT_JSON, PASSWORD, readDoc, readSettings, readUser, startUsersServer, uniqueName, type Json } from './users.test-helper.js';

let t: TestServer;

before(async () => {
  t = await startUsersServer();
});
after(() => t.stop());

const postCsv = (csv: string) => t.api.post('/api/v2/users', { body: csv, headers: { 'content-type': 'text/csv', ...ACCEPT_JSON } });

/** The newest bulk-user-upload log doc. */
async function latestLog(): Promise<Json> {
  const res = await t.couch.get(`/${t.dbName}-logs/_all_docs?include_docs=true&descending=true&startkey=${encodeURIComponent('"bulk-user-upload-\ufff0"')}&endkey=${encodeURIComponent('"bulk-user-upload-"')}&limit=1`);
  return res.json().rows[0].doc;
}

describe('POST /api/v2/users with CSV', () => {
  it('creates users from rows: BOM, quoted fields with commas, quotes and line breaks, dotted columns, TRUE/FALSE, :excluded columns', async () => {
    const [a, b] = [uniqueName(), uniqueName()];
    const csv = [
      '\ufeffusername,password,type,place,contact.name,contact.notes,fullname,known,comment:excluded,"place.meta:Excluded"',
      `${a},${PASSWORD},chw,hc1,"Smith, Jane","said ""hi""\nthen left","Jane ""JJ"" Smith",TRUE,ignore me,x`,
      '',
      `${b},${PASSWORD},national_admin,,Bob,,Bob B,FALSE,,`,
    ].join('\r\n');
    const res = await postCsv(csv);
    assert.equal(res.status, 200, res.text);
    const [first, second] = res.json() as Json[];
    assert.deepEqual(Object.keys(first ?? {}), ['user', 'user-settings', 'contact']);
    const contact = await readDoc(t, first?.contact.id);
    assert.equal(contact?.name, 'Smith, Jane');
    assert.equal(contact?.notes, 'said "hi"\nthen left');
    assert.equal('comment' in (contact ?? {}), false);
    const settings = await readSettings(t, a);
    assert.equal(settings?.fullname, 'Jane "JJ" Smith');
    assert.equal(settings?.known, true);
    assert.equal(settings?.comment, undefined);
    assert.deepEqual((await readUser(t, a))?.facility_id, ['hc1']);
    assert.ok(second?.user, JSON.stringify(second));
    assert.equal((await readSettings(t, b))?.known, false);
  });

  it('a roles column is a list (split on `:`, `;` or `,`)', async () => {
    const name = uniqueName();
    const res = await postCsv(`username,password,roles\n${name},${PASSWORD},"data_entry:analytics"`);
    assert.ok(res.json()[0].user, res.text);
    assert.deepEqual((await readUser(t, name))?.roles, ['data_entry', 'analytics', 'mm-online']);
  });

  it('rows marked imported or skipped are left out of the answer and logged as skipped; the log follows the import', async () => {
    const [ok, bad, skipped] = [uniqueName(), uniqueName(), uniqueName()];
    const csv = [
      'username,password,type,import.status:excluded,import.message:excluded',
      `${ok},${PASSWORD},national_admin,,`,
      `${skipped},${PASSWORD},national_admin,IMPORTED,done last week`,
      `${bad},short,national_admin,error,`,
    ].join('\n');
    const res = await postCsv(csv);
    const body = res.json() as Json[];
    assert.equal(body.length, 2);
    assert.ok(body[0]?.user);
    assert.deepEqual(body[1]?.error.translationKey, 'password.length.minimum');
    assert.equal(await readUser(t, skipped), undefined);

    const log = await latestLog();
    assert.equal(log.bulk_uploaded_by, t.admin.user);
    assert.ok(!Number.isNaN(Date.parse(log.bulk_uploaded_on)));
    assert.deepEqual(log.progress, {
      status: 'finished',
      parsing: { total: 3, failed: 0, successful: 3 },
      saving: { total: 3, failed: 1, successful: 1, ignored: 1 },
    });
    assert.deepEqual(log.data.map((d: Json) => [d.username, d.import.status]), [[ok, 'imported'], [skipped, 'skipped'], [bad, 'error']]);
    assert.match(log.data[0].import.message, /^imported on \d{4}-/);
    assert.equal(log.data[1].import.message, 'done last week');
    assert.equal(log.data[2].import.message, 'The password must be at least 8 characters long.');
    assert.ok(!JSON.stringify(log).includes(PASSWORD), 'no password in the log');
    assert.ok(!JSON.stringify(log).includes('"short"'));
  });

  it('an empty CSV is a 400; a header alone creates nobody; an unterminated quote is a 400; a CSV that fails ends its log as failed', async () => {
    for (const csv of ['', '\ufeff', '\r\n']) {
      const res = await postCsv(csv);
      assert.equal(res.status, 400, JSON.stringify(csv));
      assert.equal(res.json().error, 'CSV is empty.');
      const log = await latestLog();
      assert.deepEqual([log.progress.status, log.error], ['failed', 'CSV is empty.']);
    }
    assert.deepEqual((await postCsv('username,password')).json(), []);
    assert.equal((await latestLog()).progress.status, 'finished');
    // a header of empty cells is a header: each row a `{}`, answered with the missing fields (the reference's outcome)
    const blank = await postCsv(',,,\n,,,\n,,,\n');
    assert.equal(blank.status, 200, blank.text);
    assert.deepEqual(blank.json(), [1, 2].map(() => ({ error: 'Missing required fields: username, password, type or roles' })));
    assert.deepEqual((await postCsv('username,password\n"open,x')).json(), { code: 400, error: 'CSV has an unterminated quoted field starting on line 2' });
    const log = await latestLog();
    assert.deepEqual([log.progress.status, log.error], ['failed', 'CSV has an unterminated quoted field starting on line 2']);
  });

  it('a column naming __proto__, constructor or prototype is a 400 naming it: nothing created, nothing polluted, the server keeps working', async () => {
    const name = uniqueName();
    const res = await postCsv(`username,password,type,__proto__.external_id\n${name},${PASSWORD},national_admin,polluted`);
    assert.equal(res.status, 400, res.text);
    assert.match(res.json().error, /^CSV column "__proto__\.external_id" is not allowed/);
    assert.equal(({} as Json).external_id, undefined, 'Object.prototype untouched');
    assert.equal(await readUser(t, name), undefined);
    const retry = await postCsv(`username,password,type\n${name},${PASSWORD},national_admin`);
    assert.ok(retry.json()[0]?.user, retry.text);
  });
});

describe('POST /api/v2/users with JSON', () => {
  it('an array is created (with a log); an object is a single create', async () => {
    const [a, b] = [uniqueName(), uniqueName()];
    const res = await t.api.post('/api/v2/users', { json: [{ username: a, password: PASSWORD, roles: ['national_admin'] }, { username: b }], headers: ACCEPT_JSON });
    assert.equal(res.status, 200);
    assert.deepEqual((res.json() as Json[])[1], { error: 'Missing required fields: password, type or roles' });
    assert.equal((await latestLog()).progress.status, 'finished');
    const single = await t.api.post('/api/v2/users', { json: { username: uniqueName(), password: PASSWORD, roles: ['national_admin'] }, headers: ACCEPT_JSON });
    assert.deepEqual(Object.keys(single.json()), ['user', 'user-settings']);
    assert.equal((await latestLog()).progress.status, 'initiated');
  });

  it('__proto__ keys of a JSON body stay data: Object.prototype is never changed', async () => {
    const name = uniqueName();
    const body = `[{"username":"${name}","password":"${PASSWORD}","roles":["national_admin"],"fullname":"P","__proto__":{"polluted":1,"roles":"x"}}]`;
    const res = await t.api.post('/api/v2/users', { body, headers: { 'content-type': 'application/json', ...ACCEPT_JSON } });
    assert.ok(res.json()[0]?.user, res.text);
    assert.equal(({} as Json).polluted, undefined);
    assert.equal((await readSettings(t, name))?.fullname, 'P');
  });

  it('needs exactly application/json or text/csv, and can_create_users', async () => {
    const res = await t.api.post('/api/v2/users', { body: 'a,b', headers: { 'content-type': 'text/csv; charset=utf-8', ...ACCEPT_JSON } });
    assert.deepEqual(res.json(), { code: 400, error: 'Content-Type must be application/json or text/csv' });
    const anonymous = await t.anonymous.post('/api/v2/users', { body: 'a,b', headers: { 'content-type': 'text/csv', ...ACCEPT_JSON } });
    assert.equal(anonymous.status, 401);
  });

  it('many users at once: every one created, answers in input order', async () => {
    const names = Array.from({ length: 20 }, () => uniqueName());
    const res = await t.api.post('/api/v2/users', {
      json: names.map((username, i) => ({ username, password: PASSWORD, roles: ['chw'], place: { name: `HC ${i}`, type: 'health_center', parent: 'dh1' }, contact: { name: `CHW ${i}` } })),
      headers: ACCEPT_JSON,
    });
    const body = res.json() as Json[];
    assert.deepEqual(body.map((r) => r.user?.id), names.map((n) => `org.couchdb.user:${n}`));
    for (const [i, r] of body.entries()) {
      const contact = await readDoc(t, r.contact.id);
      assert.equal(contact?.name, `CHW ${i}`);
      assert.equal((await readDoc(t, contact?.parent._id))?.name, `HC ${i}`);
    }
  });
});

describe('POST /api/v3/users', () => {
  const v3 = (json: unknown) => t.api.post('/api/v3/users', { json, headers: ACCEPT_JSON });

  it('existing place id(s) and contact id only; no contact in the answer', async () => {
    const name = uniqueName();
    const res = await v3({ username: name, password: PASSWORD, roles: ['chw'], place: 'hc1', contact: 'p-chw' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json()), ['user', 'user-settings']);
    assert.deepEqual((await readUser(t, name))?.facility_id, ['hc1']);
    assert.equal((await readUser(t, name))?.contact_id, 'p-chw');
  });

  it('the update checks of places and contact', async () => {
    const user = (extra: Json) => ({ username: uniqueName(), password: PASSWORD, roles: ['national_admin'], ...extra });
    assert.deepEqual((await v3(user({ place: [] }))).json().error, { message: 'Invalid facilities list', translationKey: 'field is required', translationParams: { field: 'Place' } });
    assert.deepEqual((await v3(user({ place: ['hc1', 'c1'] }))).json().error.message, 'This user cannot have multiple places');
    assert.deepEqual((await v3(user({ place: 'nowhere' }))).json(), { code: 404, error: 'Failed to find place nowhere' });
    assert.deepEqual((await v3(user({ place: 'hc1', contact: 'nobody' }))).json(), { code: 404, error: 'Contact not found [nobody].' });
    assert.deepEqual((await v3(user({ place: 'c1', contact: 'p-sup' }))).json().error.message, 'Contact is not within place.');
    assert.deepEqual((await v3(user({ contact: 'p1' }))).json().error.message, 'Contact is not within place.');
    assert.deepEqual((await v3([user({})])).json(), { code: 400, error: 'Request body must be a single user object' });
    assert.deepEqual((await v3({ roles: ['chw'] })).json().error.message, 'Missing required fields: username, password, place, contact');
    for (const type of [{ a: 1 }, ['national_admin']]) {
      const name = uniqueName();
      assert.deepEqual((await v3({ username: name, password: PASSWORD, type })).json(), { code: 400, error: 'Roles must be an array of strings.' });
      assert.equal(await readUser(t, name), undefined);
    }
  });
});
