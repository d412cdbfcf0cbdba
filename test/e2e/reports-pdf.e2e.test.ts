// Printable reports, rendered to PDF by Chromium (as the desktop's printToPDF and the browser's print do) and read back
// with pdftotext: what a user gets on paper says what it must.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { parseTypes } from '../../backend/services/sor/check.ts';
import { setSorTypes, SorJobs } from '../../backend/services/sor/jobs.ts';
import { openDatabase } from '../../db/open.ts';
import { findingsHtml } from '../../schemas/sor-report.ts';
import { monthReportHtml } from '../../schemas/month-report.ts';
import { forloebReportHtml } from '../../schemas/forloeb-report.ts';
import type { Forloeb, Ydelse } from '../../schemas/forloeb-ydelser.ts';
import type { ExportReport } from '../../schemas/api.ts';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, tmpDbPath, tmpDir } from '../helpers.ts';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const skip = !hasChromium
  ? `Chromium mangler (${CHROMIUM}); installér Debians pakke chromium (det gør .ci/run)`
  : !hasPdftotext
    ? 'pdftotext mangler; installér Debians pakke poppler-utils (det gør .ci/run)'
    : false;
const FIX = path.resolve('test/fixtures/sor');

let browser: Browser;

/** The text of an HTML page printed to PDF (A4), as pdftotext reads it. */
async function printed(html: string): Promise<string> {
  const page = await browser.newPage();
  await page.setContent(html);
  const file = path.join(tmpDir(), 'rapport.pdf');
  await page.pdf({ path: file, format: 'A4', printBackground: true });
  await page.close();
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

describe('printable reports, as PDF', { skip }, () => {
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  test('the SOR check: the kommune, the file and its date, findings unit by unit with actions, the tree, the preview, rules not run', async () => {
    const file = path.join(FIX, 'guide', 'afsnit5-helhedspleje.xml');
    const types = parseTypes(JSON.parse(fs.readFileSync(path.join(FIX, 'unit-types.json'), 'utf8')), 'unit-types.json');
    // as the window checks it: the file read as a job, one owner checked, the tree with it
    const db = openDatabase(tmpDbPath()).db;
    setSorTypes(db, types);
    const jobs = new SorJobs(db);
    const job = jobs.read({ name: 'afsnit5-helhedspleje.xml', path: file, size: fs.statSync(file).size });
    for (const until = Date.now() + 10_000; jobs.get(job.id).state === 'laeser' && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    const owner = jobs.owners(job.id).find((o) => o.kommune)!;
    const { result, tree } = jobs.check(job.id, owner.sorId, null, 'test');
    const text = await printed(findingsHtml(result, 'afsnit5-helhedspleje.xml', tree));
    const kommune = result.preview.kommuner[0]!.name;
    assert.match(text, new RegExp(`SOR-kontrol af ${kommune}`));
    assert.match(text, /Fil: afsnit5-helhedspleje\.xml/);
    assert.match(text, /Kontrolleret pr\. \d{2}\.\d{2}\.\d{4}/);
    const first = result.findings[0]!;
    assert.ok(text.includes(first.name), 'a finding names its unit');
    assert.match(text, /Din handling/);
    assert.match(text, /Træet i SOR/);
    assert.ok(text.includes(`${tree.name} SOR ${tree.sorId}`), 'the tree starts at the kommune');
    assert.match(text, /Sådan læser Plejeoverblikket det ind/);
    assert.match(text, /Helhedspleje:/);
    assert.match(text, /Regler, der ikke er kørt/);
  });

  test('the month report: what goes, per place, and what waits and why, the CPR numbers masked', async () => {
    // the report as the window gets it: the sei.plan call of a real backend on seed()'s database
    const { seed } = await import('../sei-fixtures.ts');
    const { startBackend } = await import('../../backend/start.ts');
    const { dispatch } = await import('../../backend/api/dispatch.ts');
    const s = seed();
    s.db.close();
    const backend = startBackend(s.file, 'browser', 'test');
    const env = await dispatch(backend.handlers, 'sei.plan', { month: '2026-11' });
    backend.close();
    assert.ok(env.ok);
    const report = env.result as ExportReport;
    const text = await printed(monthReportHtml(report, { kommune: 'Aarhus Kommune (0751)', made: '03.12.2026 kl. 09.00' }));
    assert.match(text, /Månedsrapport: november 2026/);
    assert.match(text, /Aarhus Kommune \(0751\)\. Indberetningsfrist 10\.12\.2026/);
    assert.match(text, /SEI-filen sender 3 ydelser: 3 nye, 0 rettelser og 0 annulleringer/);
    assert.match(text, /Center Nord 2 0 0 0 SOR \d{11}/, 'the place with its two ydelser');
    assert.match(text, /Bakkehuset 0 0 0 1/, 'the place without a code: one waits');
    assert.match(text, /Det, der venter, og hvorfor .* 06\.11\.2026 150308-xxxx 4 Stedet "Bakkehuset" har ingen kode endnu/);
    assert.ok(!/1503084567/.test(text), 'no CPR number in full');
  });

  test('the forløb summary for the journal: the plan, its dates, § 140, how it ended, every ydelse; the CPR masked', async () => {
    const { seed } = await import('../sei-fixtures.ts');
    const { startBackend } = await import('../../backend/start.ts');
    const { dispatch } = await import('../../backend/api/dispatch.ts');
    const s = seed();
    const forloebId = s.yb[0]!.forloebId!;
    s.db.close();
    const backend = startBackend(s.file, 'browser', 'test');
    const f = await dispatch(backend.handlers, 'forloeb.get', { id: forloebId });
    const list = await dispatch(backend.handlers, 'ydelser.list', { forloebId, limit: 500 });
    backend.close();
    assert.ok(f.ok && list.ok);
    const text = await printed(forloebReportHtml(f.result as Forloeb, (list.result as { rows: Ydelse[] }).rows, '03.12.2026 kl. 09.00'));
    assert.match(text, /Genoptræningsforløb .* CPR 150308-xxxx/);
    assert.match(text, /Genoptræningsplan Genoptræning på specialiseret niveau/);
    assert.match(text, /Udskrevet 01\.11\.2026/);
    assert.match(text, /7-dagesfristen \(§ 140, stk\. 4\)/);
    assert.match(text, /Ydelser \(2 ydelser\)/);
    assert.match(text, /04\.11\.2026 BLNB1 Klinik Syd \(i Kan indberettes borgerens hjem\)/, "the cell wraps in the PDF's columns");
    assert.match(text, /06\.11\.2026 BLNB1 Bakkehuset Stedet "Bakkehuset" har ingen kode endnu/);
    assert.ok(!/1503084567|150308-4567/.test(text), 'no CPR number in full');
  });
});
