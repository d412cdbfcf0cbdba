import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CALL_NAMES, contract } from '../../schemas/api.ts';
import { dispatch } from '../../backend/api/dispatch.ts';
import { startBackend } from '../../backend/start.ts';
import { tmpDbPath, tmpDir } from '../helpers.ts';
import { ScriptedDialogs, ScriptedPrinter, walkEveryCall } from '../contract-walk.ts';

/** For each call: an argument that must be refused by the contract. */
const INVALID_ARGS: Record<string, unknown[]> = {
  'app.info': [{ extra: 1 }, 'tekst'],
  'places.list': [{ search: 5 }, { includeInactive: 'ja' }, { unknownField: true }, { sort: { by: 'telefon', dir: 'asc' } }, { sort: 'navn' }],
  'places.exportList': [{}, { format: 'ods' }, { format: 'csv', sort: { by: 'navn', dir: 'op' } }],
  'places.get': [{}, { id: 'en' }, { id: -1 }, { id: 1.5 }],
  'places.create': [{}, { place: { name: 'Kun navn' } }, { place: null }],
  'places.update': [{ id: 1 }, { place: {} }, { id: 'x', place: {} }, { id: 1, place: { name: 'Nord', type: 'andet', owner: 'kommunal' } }],
  'places.setActive': [{ id: 1 }, { id: 1, active: 'nej' }],
  'places.history': [{}, { id: 0 }],
  'forloeb.list': [{ limit: 0 }, { status: 'slettet' }, { sevenDayOnly: 1 }, { sort: { by: 'dato', dir: 'asc' } }, { from: '1.3.2026' }],
  'forloeb.exportList': [{}, { format: 'xlsx', limit: 10 }, { format: 'csv', sort: { by: 'navn' } }],
  'forloeb.get': [{}, { id: 'x' }],
  'forloeb.create': [{}, { forloeb: { cpr: '3202902001', gopType: 'almen_basal' } }, { forloeb: { cpr: '0101902001', gopType: 'ukendt' } }],
  'forloeb.update': [
    { id: 1 },
    { id: 1, forloeb: { cpr: '0101902001', gopType: 'almen_basal', status: 'afsluttet' }, basedOn: 'x' },
    { id: 1, forloeb: { cpr: '0101902001', gopType: 'almen_basal' } },
  ],
  'forloeb.history': [{ id: -5 }],
  'forloeb.replaceGgop': [
    { id: 1, ggop: { gopType: 'almen_basal' } },
    { id: 1, ggop: { gopType: 'ukendt' }, basedOn: null },
  ],
  'forloeb.replacedGgops': [{}, { id: 'x' }],
  'ydelser.list': [
    { limit: 10000 },
    { after: { dato: 'i går', id: 1 } },
    { placeId: 'x' },
    { from: '1.3.2026' },
    { sort: { by: 'sted', dir: 'asc' } },
    { after: { dato: '2026-03-01', id: 1, key: 'x'.repeat(21) } },
  ],
  'ydelser.exportList': [{}, { format: 'pdf' }, { format: 'xlsx', to: 'i dag' }, { format: 'csv', limit: 10 }],
  'ydelser.create': [
    {},
    { forloebId: 1, dates: [], ydelseskode: 'BLNB1' },
    { forloebId: 1, dates: ['2026-11-31'], ydelseskode: 'BLNB1' },
    { forloebId: 1, dates: ['2026-11-03'], ydelseskode: '1' },
  ],
  'ydelser.update': [
    { id: 1, ydelse: { dato: '2026-11-03' } },
    { id: 1, ydelse: { dato: '2026-11-03', ydelseskode: 'BLNB1' } },
    { id: 1, ydelse: { dato: 'x', ydelseskode: 'BLNB1' } },
  ],
  'ydelser.delete': [{}, { id: 'alle' }],
  'ydelser.get': [{ id: 0 }],
  'ydelser.history': [{}],
  'ydelser.deleted': [{ limit: 0 }, { limit: 'alle' }],
  'ydelser.restore': [{}, { id: 'sidste' }],
  'sks.status': [{ x: 1 }],
  'sks.preview': [{}, { fileId: 'x' }, { fileName: 'x.csv', dataBase64: 'AA==' }],
  'sks.load': [{}, { previewId: 'x' }, { fileId: '00000000-0000-4000-8000-000000000000' }],
  'sks.discard': [{}],
  'files.choose': [{}, { purpose: 'passwd' }, { purpose: 'sor', path: '/etc/passwd' }],
  'store.choose': [{}, { url: 'C:\\data\\db.sqlite' }, { url: null, password: 5 }, { url: 'postgres://x@y/z', host: 'y' }],
  'files.save': [
    { fileName: 'x.xml' },
    { fileName: 'x.exe', text: '' },
    { fileName: '../x.xml', text: '' },
    { fileName: 'x.xml', text: 'a', path: '/tmp/x.xml' },
  ],
  'files.print': [{}, { html: '' }, { html: '<p>x</p>', fileName: 'x.pdf' }],
  'files.savePdf': [
    { html: '<p>x</p>' },
    { fileName: 'x.html', html: '<p>x</p>' },
    { fileName: '../x.pdf', html: '<p>x</p>' },
    { fileName: 'x.pdf', html: '' },
  ],
  'sks.search': [{ term: 'B' }, { term: 'B', day: '22-11-2026' }],
  'import.analyse': [{ fileName: 'x.csv' }, { dataBase64: 'AA==' }, { fileId: '/etc/passwd' }],
  'import.status': [{}, { jobId: 'nej' }],
  'import.commit': [{ jobId: 'nej' }, { jobId: '00000000-0000-4000-8000-000000000000', skipInvalid: 'ja' }],
  'import.discard': [{}],
  'months.overview': [{ today: '2026-11-01' }],
  'months.sevenDay': [{ months: 0 }, { months: 37 }, { months: 'alle' }],
  'months.sevenDayExport': [{}, { months: 12 }, { format: 'pdf' }],
  'sei.plan': [{}, { month: '2026-13' }, { month: '11-2026' }],
  'sei.export': [{ month: 'november' }],
  'sei.exports': [{ month: 2026 }],
  'sei.exportsList': [{}, { format: 'pdf' }, { format: 'csv', sort: { by: 'sha', dir: 'asc' } }],
  'sor.findingsList': [{ format: 'csv' }, { owner: '1', format: 'xlsx', severity: 'kritisk' }, { owner: 'x', format: 'csv' }],
  'sei.markSubmitted': [{}],
  'sei.unmarkSubmitted': [{}, { month: 'nov' }],
  'sei.exportFile': [{}, { exportId: 'sidste' }, { exportId: 1, path: '/tmp/x.xml' }],
  'sei.importPreview': [{ fileName: 'x.xml' }, { fileId: '00000000-0000-4000-8000-000000000000', path: '/etc/passwd' }],
  'sei.importCommit': [{}, { previewId: '00000000-0000-4000-8000-000000000000', takeFile: 'nogle' }],
  'sei.importDiscard': [{ previewId: 'x' }],
  'settings.get': [{ kommunekode: '0751' }],
  'kl.status': [{ today: '2026-11-01' }, { check: 'ja' }],
  'kl.export': [{ until: '30.11.2026' }, { until: '2026-11-30', path: '/tmp/kl.json' }],
  'kl.settings.get': [{ kommuneSor: '1' }],
  'kl.settings.set': [
    {},
    { kommuneSor: 'abc', performerSor: '', contactStart: '9', contactMinutes: 0, holdCodes: [], interventionBySks: {}, defaultIntervention: 'fysisk' },
  ],
  'backup.status': [{ folder: '/tmp' }],
  'backup.setKeep': [{}, { keep: 0 }, { keep: 1.5 }, { keep: 1000 }],
  'backup.setFolder': [{}, { folder: 5 }, { folder: 'x'.repeat(1001) }, { folder: '/tmp', keep: 3 }],
  'backup.now': [{ out: '/tmp/x.sqlite' }],
  'backup.inspect': [{}, { path: '/etc/passwd' }],
  'backup.restore': [{}, { restoreId: 'x' }, { file: '/tmp/x.sqlite' }],
  'sorRequests.list': [{ placeId: 'alle' }],
  'sor.read': [{ fileName: 'Sor.xml' }, { uploadId: 'x' }, { fileId: 'x' }],
  'sor.status': [{ jobId: 'x' }],
  'sor.check': [{ jobId: '00000000-0000-4000-8000-000000000000' }, { jobId: '00000000-0000-4000-8000-000000000000', owner: 'Aarhus' }],
  'sor.types.get': [{ x: 1 }],
  'sor.types.set': [{ plejehjem: ['abc'] }, {}],
  'sor.types.fromClassification': [{ dataBase64: '' }, {}],
  'sorRequests.prefill': [{}],
  'sorRequests.save': [
    { id: null, placeId: 1 },
    { id: null, placeId: 1, fields: { institutionName: 'x' } },
  ],
  'sorRequests.email': [{ fields: {} }, { fields: null }],
  'sorRequests.markSent': [{ id: 1 }, { id: 1, date: 'i dag' }],
  'sorRequests.codeReceived': [{ id: 1 }, { code: '8341000016002' }],
  'settings.set': [
    { kommunekode: '411', reporterName: 'A', reporterEmail: 'a@b.dk' },
    { kommunekode: '0751', reporterName: 'A', reporterEmail: 'ikke-en-mail' },
  ],
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

  test('every call answers a valid argument with a result that conforms to its schema', async () => {
    const dialogs = new ScriptedDialogs();
    const b = startBackend(tmpDbPath(), 'electron', 'test', dialogs, { chooseStore: async () => {}, printer: new ScriptedPrinter() });
    await walkEveryCall((name, args) => dispatch(b.handlers, name, args), dialogs, tmpDir());
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
    const broken = {
      ...backend.handlers,
      'places.list': () => {
        throw new Error('disk full');
      },
    };
    const env = await dispatch(broken, 'places.list', { search: '0101902001' }, (m) => logged.push(m));
    assert.equal(env.ok, false);
    if (!env.ok) assert.match(env.error.message, /uventet fejl. Intet er gemt/);
    assert.equal(logged.length, 1);
    assert.doesNotMatch(logged[0]!, /0101902001/, 'the argument (which may hold a CPR number) is not logged');
  });
});
