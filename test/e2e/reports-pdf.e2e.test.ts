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
});
