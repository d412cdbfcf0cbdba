import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { CALL_NAMES, contract } from '../../schemas/api.ts';
import { dispatch } from '../../electron/api/dispatch.ts';
import { startBackend } from '../../electron/backend.ts';
import { handledChannels } from '../../electron/shell/policy.ts';
import { tmpDbPath } from '../helpers.ts';

/** For each call: an argument that must be refused by the contract. */
const INVALID_ARGS: Record<string, unknown[]> = {
  'app.info': [{ extra: 1 }, 'tekst'],
  'places.list': [{ search: 5 }, { includeInactive: 'ja' }, { unknownField: true }],
  'places.get': [{}, { id: 'en' }, { id: -1 }, { id: 1.5 }],
  'places.create': [{}, { place: { name: 'Kun navn' } }, { place: null }],
  'places.update': [{ id: 1 }, { place: {} }, { id: 'x', place: {} }],
  'places.setActive': [{ id: 1 }, { id: 1, active: 'nej' }],
  'places.history': [{}, { id: 0 }],
  'forloeb.list': [{ limit: 0 }, { status: 'slettet' }, { sevenDayOnly: 1 }],
  'forloeb.get': [{}, { id: 'x' }],
  'forloeb.create': [{}, { forloeb: { cpr: '3202902001', gopType: 'almen_basal' } }, { forloeb: { cpr: '0101902001', gopType: 'ukendt' } }],
  'forloeb.update': [{ id: 1 }, { id: 1, forloeb: { cpr: '0101902001', gopType: 'almen_basal', status: 'afsluttet' } }],
  'forloeb.history': [{ id: -5 }],
  'ydelser.list': [{ limit: 10000 }, { after: { dato: 'i går', id: 1 } }, { placeId: 'x' }],
  'ydelser.create': [{}, { forloebId: 1, dates: [], ydelseskode: 'BLNB1' }, { forloebId: 1, dates: ['2026-11-31'], ydelseskode: 'BLNB1' }, { forloebId: 1, dates: ['2026-11-03'], ydelseskode: '1' }],
  'ydelser.update': [{ id: 1, ydelse: { dato: '2026-11-03' } }, { id: 1, ydelse: { dato: 'x', ydelseskode: 'BLNB1' } }],
  'ydelser.delete': [{}, { id: 'alle' }],
  'ydelser.get': [{ id: 0 }],
  'ydelser.history': [{}],
  'sks.status': [{ x: 1 }],
  'sks.load': [{}, { fileName: '', dataBase64: '' }],
  'sks.search': [{ term: 'B' }, { term: 'B', day: '22-11-2026' }],
  'import.analyse': [{ fileName: 'x.csv' }, { dataBase64: 'AA==' }],
  'import.status': [{}, { jobId: 'nej' }],
  'import.commit': [{ jobId: 'nej' }, { jobId: '00000000-0000-4000-8000-000000000000', skipInvalid: 'ja' }],
  'import.discard': [{}],
  'months.overview': [{ today: '2026-11-01' }],
  'sei.plan': [{}, { month: '2026-13' }, { month: '11-2026' }],
  'sei.export': [{ month: 'november' }],
  'sei.exports': [{ month: 2026 }],
  'sei.markSubmitted': [{}],
  'sei.import': [{ fileName: 'x.xml' }],
  'settings.get': [{ kommunekode: '0751' }],
  'sorRequests.list': [{ placeId: 'alle' }],
  'sor.upload.start': [{ fileName: 'Sor.xml' }, { fileName: 'Sor.xml', size: -1 }],
  'sor.upload.chunk': [{ uploadId: 'x', offset: 0, dataBase64: '' }, { uploadId: '00000000-0000-4000-8000-000000000000', offset: -1, dataBase64: '' }],
  'sor.read': [{ fileName: 'Sor.xml' }, { uploadId: 'x' }],
  'sor.status': [{ jobId: 'x' }],
  'sor.check': [{ jobId: '00000000-0000-4000-8000-000000000000' }, { jobId: '00000000-0000-4000-8000-000000000000', owner: 'Aarhus' }],
  'sor.types.get': [{ x: 1 }],
  'sor.types.set': [{ plejehjem: ['abc'] }, {}],
  'sor.types.fromClassification': [{ dataBase64: '' }],
  'sorRequests.prefill': [{}],
  'sorRequests.save': [{ id: null, placeId: 1 }, { id: null, placeId: 1, fields: { institutionName: 'x' } }],
  'sorRequests.email': [{ fields: {} }, { fields: null }],
  'sorRequests.markSent': [{ id: 1 }, { id: 1, date: 'i dag' }],
  'sorRequests.codeReceived': [{ id: 1 }, { code: '8341000016002' }],
  'settings.set': [{ kommunekode: '411', reporterName: 'A', reporterEmail: 'a@b.dk' }, { kommunekode: '0751', reporterName: 'A', reporterEmail: 'ikke-en-mail' }],
};

describe('the API contract', () => {
  const backend = startBackend(tmpDbPath(), 'browser', 'test');

  test('every call of the contract has a handler, and there are no others', () => {
    assert.deepEqual(Object.keys(backend.handlers).sort(), [...CALL_NAMES].sort());
    for (const name of CALL_NAMES) assert.equal(typeof backend.handlers[name], 'function', name);
  });

  test('every call has a Danish summary, an argument schema and a result schema', () => {
    for (const name of CALL_NAMES) {
      const c = contract[name];
      assert.ok(c.summary.length > 10, name);
      assert.ok(c.args && c.result, name);
    }
  });

  test('the Electron shell handles exactly one channel per call', () => {
    assert.deepEqual(handledChannels(), CALL_NAMES.map((n) => `api:${n}`));
  });

  test('every call refuses an invalid argument before its handler runs', async () => {
    assert.deepEqual(Object.keys(INVALID_ARGS).sort(), [...CALL_NAMES].sort(), 'every call has invalid examples');
    for (const [name, examples] of Object.entries(INVALID_ARGS)) {
      for (const args of examples) {
        const env = await dispatch(backend.handlers, name, args, () => {});
        assert.equal(env.ok, false, `${name} ${JSON.stringify(args)}`);
        if (!env.ok) assert.ok(env.error.message.length > 0);
      }
    }
    const created = await dispatch(backend.handlers, 'places.list', {}, () => {});
    assert.deepEqual(created, { ok: true, result: [] }, 'nothing was created by the invalid calls');
  });

  test('every result conforms to its schema', async () => {
    const b = startBackend(tmpDbPath(), 'browser', 'test');
    const run = async (name: string, args: unknown) => {
      const env = await dispatch(b.handlers, name, args);
      assert.ok(env.ok, `${name}: ${JSON.stringify(env)}`);
      const parsed = contract[name as keyof typeof contract].result.safeParse(env.result);
      assert.ok(parsed.success, `${name} result matches its schema`);
      checked.add(name);
      return env.result as Record<string, unknown>;
    };
    const checked = new Set<string>();
    const csv = 'cpr;dato;ydelseskode;kodetype;institutionskode\n0101902001;2026-11-03;BLNB1;YDER;24015\n';
    const place = await run('places.create', { place: { name: 'Plejehjemmet Lærkehøj', type: 'plejehjem', owner: 'kommunal', code: null } });
    await run('app.info', {});
    await run('places.list', {});
    await run('places.get', { id: place.id });
    await run('places.update', { id: place.id, place: { name: 'Lærkehøj', type: 'plejehjem', owner: 'kommunal' } });
    await run('places.setActive', { id: place.id, active: true });
    await run('places.history', { id: place.id });
    const f = await run('forloeb.create', { forloeb: { cpr: '0101902001', gopType: 'almen_basal', dischargeDate: '2026-11-01' } });
    await run('forloeb.list', {});
    await run('forloeb.get', { id: f.id });
    await run('forloeb.update', { id: f.id, forloeb: { cpr: '0101902001', gopType: 'almen_avanceret' } });
    await run('forloeb.history', { id: f.id });
    const created = (await run('ydelser.create', { forloebId: f.id, dates: ['2026-11-03'], ydelseskode: 'BLNB1', placeId: place.id })) as unknown as { id: number }[];
    await run('ydelser.list', {});
    await run('ydelser.get', { id: created[0]!.id });
    await run('ydelser.update', { id: created[0]!.id, ydelse: { dato: '2026-11-04', ydelseskode: 'BLNB1' } });
    await run('ydelser.history', { id: created[0]!.id });
    await run('ydelser.delete', { id: created[0]!.id });
    await run('sks.status', {});
    await run('sks.load', { fileName: 'sks.csv', dataBase64: Buffer.from('BLNB1;Genoptræning;2020-01-01;\n').toString('base64') });
    await run('sks.search', { term: 'BL', day: '2026-11-03' });
    const job = await run('import.analyse', { fileName: 'y.csv', dataBase64: Buffer.from(csv).toString('base64') });
    await new Promise((r) => setTimeout(r, 50));
    await run('import.status', { jobId: job.jobId });
    await run('import.commit', { jobId: job.jobId });
    await run('import.discard', { jobId: job.jobId });
    await run('settings.set', { kommunekode: '751', reporterName: 'Anna', reporterEmail: 'anna@aarhus.dk' });
    await run('settings.get', {});
    await run('ydelser.create', { forloebId: f.id, dates: ['2026-10-06'], ydelseskode: 'BLNB1', placeId: (place as { id: number }).id });
    await run('places.update', { id: place.id, place: { name: 'Lærkehøj', type: 'plejehjem', owner: 'kommunal', code: { type: 'YDER', value: '7' } } });
    await run('months.overview', {});
    await run('sei.plan', { month: '2026-10' });
    const exp = await run('sei.export', { month: '2026-10' });
    await run('sei.exports', {});
    await run('sei.markSubmitted', { month: '2026-10' });
    const fields = await run('sorRequests.prefill', { placeId: place.id });
    const saved = await run('sorRequests.save', { id: null, placeId: place.id, fields: { ...fields, phone: '87130000', street: 'Vej 1', postalCode: '8000', city: 'Aarhus' } });
    await run('sorRequests.list', {});
    await run('sorRequests.email', { fields: (saved.request as { fields: object }).fields });
    const req = (saved.request as { id: number }).id;
    await run('sorRequests.markSent', { id: req, date: '2026-11-22' });
    await run('sorRequests.codeReceived', { id: req, code: '8341000016002' });
    const fixture = fs.readFileSync('../shared/fixtures/sor/guide/fig4-subunits.xml');
    // sent in three pieces, as the window sends a large file
    const { uploadId } = await run('sor.upload.start', { fileName: 'fig4-subunits.xml', size: fixture.length });
    const third = Math.ceil(fixture.length / 3);
    for (let o = 0; o < fixture.length; o += third) {
      await run('sor.upload.chunk', { uploadId, offset: o, dataBase64: fixture.subarray(o, o + third).toString('base64') });
    }
    const sorJob = await run('sor.read', { uploadId });
    await new Promise((r) => setTimeout(r, 200));
    const st = await run('sor.status', { jobId: sorJob.jobId });
    assert.equal(st.state, 'klar', JSON.stringify(st));
    await run('sor.check', { jobId: sorJob.jobId, owner: (st.owners as { sorId: string }[])[0]!.sorId });
    await run('sor.types.get', {});
    await run('sor.types.fromClassification', { fileName: 'klassifikation.csv', dataBase64: Buffer.from('kode;navn\n990000000000101;Permanent plejebolig\n').toString('base64') });
    await run('sor.types.set', { plejehjem: ['42665001'], permanentPlejebolig: ['990000000000101'], midlertidigPlejebolig: [], helhedsplejeleverandoer: [], helhedsplejeleverandoersted: [], hjemmepleje: ['554821000005109'] });
    const other = startBackend(tmpDbPath(), 'browser', 'test');
    const imported = await dispatch(other.handlers, 'sei.import', { fileName: 'okt.xml', dataBase64: Buffer.from(exp.xml as string).toString('base64') });
    assert.ok(imported.ok, JSON.stringify(imported));
    assert.ok(contract['sei.import'].result.safeParse(imported.result).success);
    checked.add('sei.import');
    other.close();
    assert.deepEqual([...checked].sort(), [...CALL_NAMES].sort(), 'every call was checked');
    b.close();
  });

  test('an unknown call is refused with a message', async () => {
    const env = await dispatch(backend.handlers, 'fs.readFile', {}, () => {});
    assert.deepEqual(env, { ok: false, error: { message: 'Ukendt kald: fs.readFile', fields: [] } });
    const proto = await dispatch(backend.handlers, '__proto__', {}, () => {});
    assert.equal(proto.ok, false);
  });

  test('an unexpected fault is logged without the argument and answered with a Danish message', async () => {
    const logged: string[] = [];
    const broken = { ...backend.handlers, 'places.list': () => { throw new Error('disk full'); } };
    const env = await dispatch(broken, 'places.list', { search: '0101902001' }, (m) => logged.push(m));
    assert.equal(env.ok, false);
    if (!env.ok) assert.match(env.error.message, /uventet fejl. Intet er gemt/);
    assert.equal(logged.length, 1);
    assert.doesNotMatch(logged[0]!, /0101902001/, 'the argument (which may hold a CPR number) is not logged');
  });
});
