import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import { createCouchUser } from '../../../test/helpers/users.js';

const FORMS = {
  YYYZ: {
    meta: { code: 'YYYZ' },
    fields: {
      nurse: { type: 'string', labels: { tiny: 'N' }, required: true },
      week: { type: 'integer', labels: { tiny: 'W' } },
      year: { type: 'integer', labels: { tiny: 'Y' } },
      visit: { type: 'string', labels: { tiny: 'V' } },
    },
  },
  DOB: {
    fields: {
      name: { type: 'string', labels: { tiny: 'N' }, required: true },
      born: { type: 'date', labels: { tiny: 'B' } },
      ok: { type: 'boolean', labels: { tiny: 'OK' } },
    },
  },
};

const JSON_ACCEPT = { accept: 'application/json' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', ...JSON_ACCEPT };

describe('POST /api/v1/records and /api/v2/records', () => {
  let t: TestServer;
  const doc = async (id: string) => (await t.couch.get(`/${t.dbName}/${id}`)).json();

  before(async () => {
    t = await startTestServer();
    const res = await t.api.put('/api/v1/settings', { json: { forms: FORMS, default_country_code: 55 } });
    assert.equal(res.status, 200);
    const fr = { _id: 'messages-fr', type: 'translations', code: 'fr', generic: { 'sys.missing_fields': 'Champs manquants : {{fields}}.' }, custom: { 'sys.empty': 'Message vide.' } };
    assert.equal((await t.couch.put(`/${t.dbName}/messages-fr`, { json: fr })).status, 201);
  });
  after(() => t.stop());

  it('creates a record from JSON: _meta, upper-cased form, coercion, lower-cased keys', async () => {
    const res = await t.api.post('/api/v2/records', {
      json: { NURSE: 'Sam', week: 23, year: 2015, visit: 'ANC', unknown: 1, _meta: { form: 'yyyz', reported_date: 1352399720000, from: '+5511943348031', extra: 'x' } },
    });
    assert.equal(res.status, 200, res.text);
    const body = res.json();
    assert.equal(body.success, true);
    const saved = await doc(body.id);
    assert.deepEqual(
      { ...saved, _id: undefined, _rev: undefined },
      {
        _id: undefined,
        _rev: undefined,
        type: 'data_record',
        from: '+5511943348031',
        form: 'YYYZ',
        errors: [],
        tasks: [],
        fields: { nurse: 'Sam', week: 23, year: 2015, visit: 'ANC' },
        reported_date: 1352399720000,
        sms_message: { form: 'YYYZ', reported_date: 1352399720000, from: '+5511943348031', extra: 'x' },
      },
    );
  });

  it('accepts a JSON charset parameter and records field errors without failing', async () => {
    const res = await t.api.post('/api/v1/records', {
      body: JSON.stringify({ born: '2020-02-03', ok: 0, _meta: { form: 'DOB' } }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(res.status, 200, res.text);
    const saved = await doc(res.json().id);
    assert.deepEqual(saved.fields, { born: new Date(2020, 1, 3).getTime(), ok: false });
    assert.deepEqual(saved.errors, [{ code: 'sys.missing_fields', message: 'Missing or invalid fields: name.' }]);
  });

  it('answers 400 with the reference message for bad JSON records', async () => {
    const cases: Array<[unknown, string]> = [
      [{ a: 1 }, 'Missing _meta property.'],
      [{ _meta: '' }, 'Missing _meta property.'],
      [{ _meta: {} }, 'Missing required field: form'],
      [{ _meta: { form: 'nope' } }, 'Form not found: NOPE'],
    ];
    for (const [json, error] of cases) {
      const res = await t.api.post('/api/v1/records', { json, headers: JSON_ACCEPT });
      assert.equal(res.status, 400, JSON.stringify(json));
      assert.equal(res.text, JSON.stringify({ code: 400, error }));
    }
  });

  it('creates a record from a form-encoded Muvuku message (the API page example)', async () => {
    const res = await t.api.post('/api/v1/records', {
      body: 'message=1!YYYZ!Sam#23#2015#ANC&from=+5511943348031&sent_timestamp=1352399720000',
      headers: FORM,
    });
    assert.equal(res.status, 200, res.text);
    const saved = await doc(res.json().id);
    assert.equal(saved.form, 'YYYZ');
    assert.equal(saved.from, '+5511943348031');
    assert.equal(saved.reported_date, 1352399720000);
    assert.deepEqual(saved.fields, { nurse: 'Sam', week: 23, year: 2015, visit: 'ANC' });
    assert.deepEqual(saved.errors, []);
    // the example's unencoded `+` is a space in a form body: sms_message keeps it, `from` is normalised
    assert.deepEqual(saved.sms_message, {
      type: 'sms_message', message: '1!YYYZ!Sam#23#2015#ANC', form: 'YYYZ', reported_date: '1352399720000', from: ' 5511943348031',
    });
  });

  it('keeps an SMS with an unknown code as a plain message', async () => {
    const res = await t.api.post('/api/v2/records', { body: new URLSearchParams({ message: 'hello there', from: '123', gateway_ref: 'g1' }).toString(), headers: FORM });
    const saved = await doc(res.json().id);
    assert.equal('form' in saved, false);
    assert.deepEqual(saved.fields, {});
    assert.equal(saved.from, '123');
    assert.equal(saved.sms_message.form, 'HELLO');
    assert.equal(saved.sms_message.gateway_ref, 'g1');
  });

  it('translates errors: body locale, then (v1 only) the locale query parameter', async () => {
    const post = (path: string, body: Record<string, string>) =>
      t.api.post(path, { body: new URLSearchParams(body).toString(), headers: FORM }).then(async (r) => (await doc(r.json().id)).errors);
    assert.deepEqual(await post('/api/v2/records', { message: 'YYYZ', from: '1', locale: 'fr' }), [{ code: 'sys.missing_fields', message: 'Champs manquants : nurse.' }]);
    assert.deepEqual(await post('/api/v1/records?locale=fr', { message: '', from: '1' }), [{ code: 'sys.empty', message: 'Message vide.' }]);
    assert.deepEqual(await post('/api/v2/records?locale=fr', { message: '', from: '1' }), [{ code: 'sys.empty', message: 'Message appears empty.' }]);
  });

  it('lists reports under medic-client/reports_by_form and plain SMS under messages_by_contact_date', async () => {
    const report = (await t.api.post('/api/v2/records', { body: 'message=1!YYYZ!Ann#1#2024#PNC&from=0712', headers: FORM })).json().id;
    const sms = (await t.api.post('/api/v2/records', { body: 'message=just saying hi&from=5550001', headers: FORM })).json().id;
    const byForm = (await t.couch.get(`/${t.dbName}/_design/medic-client/_view/reports_by_form?reduce=false&key=${encodeURIComponent('["YYYZ"]')}`)).json().rows;
    assert.ok(byForm.some((r: { id: string }) => r.id === report));
    assert.ok(!byForm.some((r: { id: string }) => r.id === sms));
    const threads = (await t.couch.get(`/${t.dbName}/_design/medic-client/_view/messages_by_contact_date?reduce=false`)).json().rows;
    assert.ok(threads.some((r: { id: string; key: unknown[] }) => r.id === sms && r.key[0] === '5550001'));
    assert.ok(!threads.some((r: { id: string }) => r.id === report));
  });

  it('needs from and message keys (empty values allowed)', async () => {
    const send = (body: string) => t.api.post('/api/v1/records', { body, headers: FORM });
    const noFrom = await send('message=hi');
    assert.equal(noFrom.status, 400);
    assert.equal(noFrom.json().error, 'Missing required value: from');
    const noMessage = await send('from=1');
    assert.equal(noMessage.json().error, 'Missing required field: message');
    assert.equal((await send('from=&message=')).status, 200);
  });

  it('refuses other content types with 400', async () => {
    const res = await t.api.post('/api/v1/records', { body: 'message=hi', headers: { 'content-type': 'text/plain', ...JSON_ACCEPT } });
    assert.equal(res.status, 400);
    assert.equal(res.text, '{"code":400,"error":"Content type not supported."}');
  });

  it('needs can_create_records', async () => {
    const anonymous = await t.anonymous.post('/api/v1/records', { json: { _meta: { form: 'YYYZ' } }, headers: JSON_ACCEPT });
    assert.equal(anonymous.status, 401);
    const analyst = await createCouchUser(t, ['analytics', 'mm-online']);
    const res = await t.anonymous.post('/api/v2/records', { auth: analyst, json: { _meta: { form: 'YYYZ' } }, headers: JSON_ACCEPT });
    assert.equal(res.status, 403);
    assert.equal(res.json().error, 'Insufficient privileges');
  });
});
