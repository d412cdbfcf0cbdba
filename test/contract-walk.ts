// One walk through every call of the contract, with valid arguments, in an order that makes each call meaningful
// (a place before its history, a file chosen before it is read). The contract test runs it against the handlers
// directly; the desktop wiring test runs it from window.api through the shipped preload and main bundles.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CALL_NAMES, contract, type CallName, type Envelope } from '../schemas/api.ts';
import { reportPage } from '../schemas/report-page.ts';
import type { FileDialogs, ReportPrinter } from '../backend/api/handlers.ts';

export type Transport = (name: string, args: unknown) => Promise<Envelope<unknown>>;

/** File dialogs that answer what the walk asks for next, and remember what they were asked. */
export class ScriptedDialogs implements FileDialogs {
  nextOpen: string | null = null;
  nextSave: string | null = null;
  readonly asked: { kind: 'open' | 'save'; what: string }[] = [];
  async open(purpose: string) {
    this.asked.push({ kind: 'open', what: purpose });
    return this.nextOpen;
  }
  async save(fileName: string) {
    this.asked.push({ kind: 'save', what: fileName });
    return this.nextSave;
  }
}

/**
 * The shell's printing, scripted: the page it was given is kept, and the "PDF" is a marked stand-in (the desktop test
 * renders real PDFs with Chromium through the shipped shell). Printing is always confirmed here.
 */
export class ScriptedPrinter implements ReportPrinter {
  readonly pages: string[] = [];
  async pdf(html: string) {
    this.pages.push(html);
    return Buffer.from(`%PDF-1.7\n% stand-in for ${html.length} characters of HTML\n%%EOF\n`);
  }
  async print(html: string) {
    this.pages.push(html);
    return true;
  }
}

const SOR_FIXTURE = path.resolve('test/fixtures/sor/guide/fig4-subunits.xml');

/**
 * Calls every call of the contract through `send`, asserts that each answers ok with a result that matches its
 * schema, and that no call of the contract was left out. `dialogs` decides what the file dialogs answer.
 */
export async function walkEveryCall(
  send: Transport,
  dialogs: { nextOpen: string | null; nextSave: string | null },
  dir: string,
  /** A kommune's shared database: backups are the server's, and the backup calls say so. */
  options: { shared?: boolean } = {},
): Promise<Set<string>> {
  const checked = new Set<string>();
  const run = async (name: CallName, args: unknown): Promise<any> => {
    const env = await send(name, args);
    assert.ok(env.ok, `${name}: ${JSON.stringify(env)}`);
    const parsed = contract[name].result.safeParse(env.result);
    assert.ok(parsed.success, `${name} result matches its schema`);
    checked.add(name);
    return env.result;
  };
  const choose = async (purpose: string, fileName: string, content: string | Buffer) => {
    dialogs.nextOpen = path.join(dir, fileName);
    fs.writeFileSync(dialogs.nextOpen, content);
    const chosen = await run('files.choose', { purpose });
    assert.equal(chosen.fileName, fileName);
    return chosen.fileId as string;
  };

  const place = await run('places.create', { place: { name: 'Plejehjemmet Lærkehøj', type: 'plejehjem', owner: 'kommunal', code: null } });
  await run('app.info', {});
  await run('places.list', { sort: { by: 'kode', dir: 'desc' } });
  dialogs.nextSave = path.join(dir, 'steder.xlsx');
  assert.equal((await run('places.exportList', { format: 'xlsx' })).rows, 1);
  await run('places.get', { id: place.id });
  await run('places.update', { id: place.id, place: { name: 'Lærkehøj', type: 'plejehjem', owner: 'kommunal' }, basedOn: place.updatedAt });
  await run('places.setActive', { id: place.id, active: true });
  await run('places.history', { id: place.id });
  const f = await run('forloeb.create', { forloeb: { cpr: '0101902001', gopType: 'almen_basal', dischargeDate: '2026-11-01' } });
  await run('forloeb.list', { sort: { by: 'navn', dir: 'asc' }, from: '2026-11-01' });
  dialogs.nextSave = null;
  assert.equal(await run('forloeb.exportList', { format: 'csv' }), null, 'cancelled in the save dialog: nothing written');
  await run('forloeb.get', { id: f.id });
  await run('forloeb.update', { id: f.id, forloeb: { cpr: '0101902001', gopType: 'almen_avanceret' }, basedOn: f.updatedAt });
  const replaced = await run('forloeb.replaceGgop', {
    id: f.id,
    ggop: { gopType: 'almen_basal', dischargeDate: '2026-11-02', gopReceivedDate: '2026-11-02' },
    basedOn: (await run('forloeb.get', { id: f.id })).updatedAt,
  });
  assert.equal(replaced.gopType, 'almen_basal');
  assert.equal((await run('forloeb.replacedGgops', { id: f.id }))[0].gopType, 'almen_avanceret');
  await run('forloeb.history', { id: f.id });
  const created = await run('ydelser.create', { forloebId: f.id, dates: ['2026-11-03'], ydelseskode: 'BLNB1', placeId: place.id });
  await run('ydelser.list', { from: '2026-11-01', to: '2026-11-30', sort: { by: 'cpr', dir: 'asc' } });
  dialogs.nextSave = null;
  assert.equal(await run('ydelser.exportList', { format: 'xlsx' }), null, 'cancelled in the save dialog: nothing written');
  dialogs.nextSave = path.join(dir, 'ydelser.csv');
  const exported = await run('ydelser.exportList', { format: 'csv', from: '2026-11-01' });
  assert.deepEqual([exported.rows, exported.savedTo], [1, dialogs.nextSave]);
  assert.match(fs.readFileSync(exported.savedTo, 'utf8'), /^\uFEFFDato;CPR-nummer;/);
  await run('ydelser.get', { id: created[0].id });
  await run('ydelser.update', { id: created[0].id, ydelse: { dato: '2026-11-04', ydelseskode: 'BLNB1' }, basedOn: created[0].updatedAt });
  await run('ydelser.history', { id: created[0].id });
  await run('ydelser.delete', { id: created[0].id });
  const [deleted] = await run('ydelser.deleted', {});
  assert.deepEqual([deleted.id, deleted.restorable], [created[0].id, true]);
  await run('ydelser.restore', { id: created[0].id });
  await run('ydelser.delete', { id: created[0].id });
  await run('sks.status', {});
  const sksPreview = await run('sks.preview', { fileId: await choose('sks', 'sks.csv', 'BLNB1;Genoptræning;2020-01-01;\n') });
  assert.deepEqual([sksPreview.count, sksPreview.added, sksPreview.removed], [1, 1, 0]);
  const sks = await run('sks.load', { previewId: sksPreview.previewId });
  assert.equal(sks.count, 1);
  const unwantedList = await run('sks.preview', { fileId: await choose('sks', 'tom.csv', 'BLNB2;Andet;2020-01-01;\n') });
  assert.deepEqual([unwantedList.added, unwantedList.removed, unwantedList.becomeInvalid], [1, 1, 0]);
  await run('sks.discard', { previewId: unwantedList.previewId });
  await run('sks.search', { term: 'BL', day: '2026-11-03' });
  const csv = 'cpr;dato;ydelseskode;kodetype;institutionskode\n0101902001;2026-11-03;BLNB1;YDER;24015\n';
  const job = await run('import.analyse', { fileId: await choose('csv', 'ydelser.csv', csv) });
  for (let i = 0; i < 100 && (await run('import.status', { jobId: job.jobId })).state === 'analyserer'; i++) await new Promise((r) => setTimeout(r, 20));
  const committed = await run('import.commit', { jobId: job.jobId });
  assert.equal(committed.imported, 1);
  await run('import.discard', { jobId: job.jobId });
  await run('settings.set', { kommunekode: '751', reporterName: 'Anna', reporterEmail: 'anna@aarhus.dk' });
  await run('settings.get', {});
  await run('ydelser.create', { forloebId: f.id, dates: ['2026-10-06'], ydelseskode: 'BLNB1', placeId: place.id });
  await run('places.update', {
    id: place.id,
    place: { name: 'Lærkehøj', type: 'plejehjem', owner: 'kommunal', code: { type: 'YDER', value: '7' } },
    basedOn: (await run('places.get', { id: place.id })).updatedAt,
  });
  await run('months.overview', {});
  const figures = await run('months.sevenDay', { months: 3 });
  assert.equal(figures.length, 3);
  assert.equal(figures[2].month, new Date().toISOString().slice(0, 7), 'the current month last');
  dialogs.nextSave = path.join(dir, 'paragraf-140.xlsx');
  assert.equal((await run('months.sevenDayExport', { months: 3, format: 'xlsx' })).rows, 3);
  await run('sei.plan', { month: '2026-10' });
  dialogs.nextSave = null;
  assert.equal(await run('sei.export', { month: '2026-10' }), null, 'cancelled in the save dialog: nothing exported');
  assert.deepEqual(await run('sei.exports', {}), []);
  dialogs.nextSave = path.join(dir, 'oktober.xml');
  const exp = await run('sei.export', { month: '2026-10' });
  assert.equal(exp.savedTo, dialogs.nextSave);
  const xml = fs.readFileSync(exp.savedTo, 'utf8');
  assert.match(xml, /^<\?xml/);
  const [listed] = await run('sei.exports', {});
  assert.equal(listed.hasFile, true);
  assert.equal((await run('sei.exports', { sort: { by: 'fil', dir: 'asc' } })).length, 1);
  dialogs.nextSave = path.join(dir, 'eksporter.xlsx');
  assert.equal((await run('sei.exportsList', { format: 'xlsx', sort: { by: 'maaned', dir: 'desc' } })).rows, 1);
  await run('sei.markSubmitted', { month: '2026-10' });
  await run('sei.unmarkSubmitted', { month: '2026-10' });
  dialogs.nextSave = path.join(dir, 'igen.xml');
  const again = await run('sei.exportFile', { exportId: exp.exportId });
  assert.equal(fs.readFileSync(again.savedTo, 'utf8'), xml, 'the kept file is given again, byte for byte');

  dialogs.nextSave = path.join(dir, 'rapport.csv');
  const saved = await run('files.save', { fileName: 'rapport.csv', text: 'a;b\n' });
  assert.equal(saved.savedTo, dialogs.nextSave);
  assert.equal(fs.readFileSync(saved.savedTo, 'utf8'), 'a;b\n');
  dialogs.nextSave = null;
  assert.deepEqual(await run('files.save', { fileName: 'fortrudt.csv', text: 'a;b\n' }), { savedTo: null }, 'cancelled: nothing saved');
  assert.equal(fs.existsSync(path.join(dir, 'fortrudt.csv')), false);
  // a report on paper and as PDF (the shell renders it; the file is written whole or not at all)
  const report = reportPage('Månedsrapport', '<h1>Månedsrapport: oktober 2026</h1>');
  assert.equal(typeof (await run('files.print', { html: report })).printed, 'boolean');
  dialogs.nextSave = path.join(dir, 'Maanedsrapport-2026-10.pdf');
  const pdf = await run('files.savePdf', { fileName: 'Maanedsrapport-2026-10.pdf', html: report });
  assert.equal(pdf.savedTo, dialogs.nextSave);
  assert.equal(fs.readFileSync(pdf.savedTo).subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF was written');
  dialogs.nextSave = null;
  assert.deepEqual(await run('files.savePdf', { fileName: 'fortrudt.pdf', html: report }), { savedTo: null }, 'cancelled: nothing saved');
  assert.equal(fs.existsSync(path.join(dir, 'fortrudt.pdf')), false);
  const preview = await run('sei.importPreview', { fileId: await choose('sei', exp.fileName, xml) });
  assert.deepEqual(preview.counts, { ny: 0, rettelse: 0, annullering: 0, uaendret: exp.records, konflikt: 0 });
  const imported = await run('sei.importCommit', { previewId: preview.previewId });
  assert.equal(imported.records, exp.records);
  const unwanted = await run('sei.importPreview', { fileId: await choose('sei', exp.fileName, xml) });
  await run('sei.importDiscard', { previewId: unwanted.previewId });

  // the KL Gateway report: its settings, what waits and blocks, and the delivery through the save dialog
  const kl = await run('kl.settings.get', {});
  await run('kl.settings.set', { ...kl, kommuneSor: '8341000016002', performerSor: '8341000016002' });
  assert.equal((await run('kl.status', {})).checked, null, 'the cheap status: the last delivery only');
  const klStatus = await run('kl.status', { check: true });
  assert.ok(Array.isArray(klStatus.checked.blocked));
  // a forløb with what the guide needs (the GGOP's sender, a discharge date): its citizen can be delivered
  const today = new Date().toISOString().slice(0, 10);
  await run('forloeb.create', { forloeb: { cpr: '0202902002', gopType: 'almen_basal', dischargeDate: today, ggopSenderSor: '8341000016002' } });
  dialogs.nextSave = null;
  assert.equal(await run('kl.export', {}), null, 'cancelled in the save dialog: nothing delivered');
  dialogs.nextSave = path.join(dir, 'kl.json');
  const delivery = await run('kl.export', {});
  assert.equal(delivery.savedTo, dialogs.nextSave);
  assert.ok(delivery.citizens >= 1);
  assert.equal(JSON.parse(fs.readFileSync(delivery.savedTo, 'utf8')).resourceType, 'Bundle');

  const fields = await run('sorRequests.prefill', { placeId: place.id });
  const draft = await run('sorRequests.save', {
    id: null,
    placeId: place.id,
    fields: { ...fields, phone: '87130000', street: 'Vej 1', postalCode: '8000', city: 'Aarhus' },
  });
  await run('sorRequests.list', {});
  await run('sorRequests.email', { fields: draft.request.fields });
  await run('sorRequests.markSent', { id: draft.request.id, date: '2026-11-22' });
  await run('sorRequests.codeReceived', { id: draft.request.id, code: '8341000016002' });

  const sorJob = await run('sor.read', { fileId: await choose('sor', 'fig4-subunits.xml', fs.readFileSync(SOR_FIXTURE)) });
  let st = await run('sor.status', { jobId: sorJob.jobId });
  for (let i = 0; i < 100 && st.state === 'laeser'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    st = await run('sor.status', { jobId: sorJob.jobId });
  }
  assert.equal(st.state, 'klar', JSON.stringify(st));
  const checkedSor = await run('sor.check', { jobId: sorJob.jobId, owner: st.owners[0].sorId });
  assert.ok(checkedSor.result.units > 0);
  dialogs.nextSave = path.join(dir, 'sor-fund.csv');
  const findings = await run('sor.findingsList', { owner: st.owners[0].sorId, severity: 'alle', sort: { by: 'alvor', dir: 'asc' }, format: 'csv' });
  assert.equal(findings.rows, checkedSor.result.findings.length);
  await run('sor.types.get', {});
  await run('sor.types.fromClassification', {
    fileId: await choose('klassifikation', 'klassifikation.csv', 'kode;navn\n990000000000101;Permanent plejebolig\n'),
  });
  await run('sor.types.set', {
    plejehjem: ['42665001'],
    permanentPlejebolig: ['990000000000101'],
    midlertidigPlejebolig: [],
    helhedsplejeleverandoer: [],
    helhedsplejeleverandoersted: [],
    hjemmepleje: ['554821000005109'],
  });

  if (options.shared) {
    for (const [name, args] of [
      ['backup.status', {}],
      ['backup.setKeep', { keep: 5 }],
      ['backup.setFolder', { folder: null }],
      ['backup.now', {}],
      ['backup.inspect', { fileId: '00000000-0000-4000-8000-000000000001' }],
      ['backup.restore', { restoreId: '00000000-0000-4000-8000-000000000002' }],
    ] as const) {
      const env = await send(name, args);
      assert.ok(!env.ok && /sikkerhedskopieres på serveren/.test(env.error.message), `${name}: ${JSON.stringify(env)}`);
      checked.add(name);
    }
  } else {
    // a backup, a change, and the backup restored (last: it takes the database back)
    const status = await run('backup.status', {});
    assert.ok(status.keep >= 1);
    assert.deepEqual(await run('backup.setKeep', { keep: 5 }), { keep: 5 });
    assert.deepEqual(await run('backup.setFolder', { folder: null }), { folder: status.folder });
    dialogs.nextSave = path.join(dir, 'kopi.sqlite');
    const copy = await run('backup.now', {});
    assert.equal(copy.file, dialogs.nextSave);
    await run('places.create', { place: { name: 'Efter kopien', type: 'plejehjem', owner: 'kommunal', code: null } });
    dialogs.nextOpen = copy.file;
    const chosenCopy = await run('files.choose', { purpose: 'backup' });
    const inspected = await run('backup.inspect', { fileId: chosenCopy.fileId });
    assert.equal(inspected.info.places, (await run('places.list', { includeInactive: true })).length - 1);
    const restored = await run('backup.restore', { restoreId: inspected.restoreId });
    assert.match(restored.replacedCopy, /før-gendannelse-/);
    assert.ok(!(await run('places.list', {})).some((p: { name: string }) => p.name === 'Efter kopien'), 'the place made after the copy is gone');
  }

  dialogs.nextOpen = null;
  assert.equal(await run('files.choose', { purpose: 'csv' }), null, 'cancelled: no file');

  // last: choosing this computer's file restarts the program
  assert.deepEqual(await run('store.choose', { url: null }), { restarting: true });

  assert.deepEqual([...checked].sort(), [...CALL_NAMES].sort(), 'every call of the contract was walked');
  return checked;
}
