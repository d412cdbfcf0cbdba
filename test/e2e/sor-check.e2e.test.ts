/// <reference lib="dom" />
// End to end in Chromium: set up the type codes from a classification list, load a fixture of the guide, pick the
// kommune, and see a red unit in the tree with its suggested action.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import XLSX from 'xlsx';
import { generateSor } from '../../bench/sor-generate.ts';
import { openApp, CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, startBrowserMode, tmpDbPath, tmpDir } from '../helpers.ts';

const FIX = path.resolve('test/fixtures/sor/guide');
let stopServer: () => void = () => {};
let browser: Browser;
let page: Page;
let url = '';

describe('the SOR check in Chromium', { skip: chromiumSkipReason() }, () => {
  before(async () => {
    ({ url, stop: stopServer } = await startBrowserMode(tmpDbPath()));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'da-DK' });
  });
  after(async () => {
    await browser?.close();
    stopServer();
  });

  test("a fixture of the guide: the kommune, a red unit with the guide's action, then fixed in a second check", async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^SOR-kontrol/ }).click();
    await page.getByText(/Ingen kode er sat op for permanent plejebolig/).waitFor();

    // the 2025 type codes from a classification list (code; name)
    const list = path.join(tmpDir(), 'klassifikation.csv');
    fs.writeFileSync(
      list,
      'kode;navn\n990000000000101;Permanent plejebolig\n990000000000102;Midlertidig plejebolig\n990000000000103;Helhedsplejeleverandør\n990000000000104;Helhedsplejeleverandørsted\n',
    );
    await page.getByRole('button', { name: 'Vis og ret' }).click();
    await page.locator('input[type=file]').first().setInputFiles(list);
    await page.getByText(/Fundet i listen: permanent plejebolig = 990000000000101/).waitFor();
    await page.getByRole('button', { name: 'Gem typekoder' }).click();
    await page.getByText('Typekoderne er gemt.').waitFor();

    await page.locator('input[type=file]').nth(1).setInputFiles(path.join(FIX, 'aktivitet3-opholdstyper.xml'));
    const kommune = page.getByLabel('Kommune (institutionsejer)');
    await kommune.waitFor();
    await page.waitForFunction(() => (document.getElementById('sor-ejer') as HTMLSelectElement | null)?.value !== '');
    assert.match(await kommune.locator('option:checked').innerText(), /Eksempel Kommune/);
    assert.equal(await page.getByLabel('Kontroldato').inputValue(), '01.11.2026', 'the snapshot date of the file, as Danes write it');
    await page.getByRole('button', { name: 'Kontrollér' }).click();

    await page.getByText(/enheder kontrolleret: 4 fejl og 1 advarsel\./).waitFor();
    const red = page.locator('.sor-tree li[data-sorid="9900031000016008"]');
    assert.equal(await red.getAttribute('data-state'), 'ikke-ind', 'the plejehjem without opholdstyper is red');
    const finding = page.locator('.finding-unit', { hasText: 'SOR 9900031000016008' });
    assert.match(await finding.innerText(), /PE-NO-OPHOLD[\s\S]*Din handling: Tilfælde a: opret de manglende opholdstyper/);
    assert.ok((await page.locator('.sor-tree li[data-state="ind"]').count()) > 0, 'correct units are green');
    const preview = page.getByRole('region', { name: 'Sådan ser Plejeoverblikket kommunen' });
    assert.match(await preview.innerText(), /plejeenheder[\s\S]*Plejecenter Ahorn/i);

    // the findings as a table: sorted by severity (errors first, then turned), filtered to the warnings, to Excel
    await page.getByRole('button', { name: 'Som tabel' }).click();
    const table = page.getByRole('table', { name: 'Fund' });
    await table.getByRole('button', { name: 'Alvor' }).click();
    assert.equal(await table.locator('th', { hasText: 'Alvor' }).getAttribute('aria-sort'), 'ascending');
    const severities = async () => (await table.locator('tbody tr td:nth-child(3) .badge:first-child').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(await severities(), ['Fejl', 'Fejl', 'Fejl', 'Fejl', 'Advarsel']);
    await table.getByRole('button', { name: 'Alvor' }).press('Enter');
    assert.deepEqual(await severities(), ['Advarsel', 'Fejl', 'Fejl', 'Fejl', 'Fejl'], 'a second press turns the order');
    await page.getByLabel('Vis', { exact: true }).selectOption({ label: 'Kun fejl' });
    assert.equal(await table.locator('tbody tr').count(), 4);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Til Excel …' }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^SOR-fund-\d+-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = XLSX.read(fs.readFileSync((await download.path())!));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['SOR-fund']!);
    assert.equal(rows.length, 4, 'the list as shown: the errors only');
    assert.deepEqual(
      rows.map((r) => r.Alvor),
      ['Fejl', 'Fejl', 'Fejl', 'Fejl'],
    );
    assert.ok(rows.some((r) => r['SOR-id'] === '9900031000016008' && /opret de manglende opholdstyper/.test(String(r['Din handling']))));
    assert.equal(typeof rows[0]!['SOR-id'], 'string', 'a SOR id is text, not a number Excel would round');

    // a second check of the same kommune says what is new and what was fixed
    await page.locator('input[type=file]').nth(1).setInputFiles(path.join(FIX, 'fig6-9-correct.xml'));
    await page.waitForFunction(() => (document.getElementById('sor-ejer') as HTMLSelectElement | null)?.value !== '');
    await page.getByRole('button', { name: 'Kontrollér' }).click();
    await page.getByText(/Siden kontrollen .*: 0 nye fund, 5 rettede\./).waitFor();
  });

  test('a file of many MB goes to the backend as raw bytes in one upload (no base64 in JSON), then is read and checked', async () => {
    const file = path.join(tmpDir(), 'Sor.xml');
    const size = await generateSor(file, 3, 2500);
    assert.ok(size > 8 * 1024 * 1024, `the file is ${size} bytes`);
    const sent: { url: string; type: string; bytes: number }[] = [];
    page.on(
      'request',
      (r) =>
        r.method() === 'POST' && sent.push({ url: new URL(r.url()).pathname, type: r.headers()['content-type'] ?? '', bytes: r.postDataBuffer()?.length ?? 0 }),
    );
    await page.locator('input[type=file]').nth(1).setInputFiles(file);
    const kommune = page.getByLabel('Kommune (institutionsejer)');
    await kommune.waitFor();
    await page.waitForFunction(() =>
      [...((document.getElementById('sor-ejer') as HTMLSelectElement | null)?.options ?? [])].some((o) => o.text.startsWith('Kommune 2 (')),
    );
    const options = await kommune.locator('option').allInnerTexts();
    assert.deepEqual(
      options.filter((o) => o !== 'Vælg …'),
      ['Kommune 0 (0101)', 'Kommune 1 (0109)', 'Kommune 2 (0117)'],
      'the kommuner, not the 2,500 clinics no rule concerns',
    );
    await kommune.selectOption({ label: 'Kommune 2 (0117)' });
    await page.getByRole('button', { name: 'Kontrollér' }).click();
    await page.getByText(/enheder kontrolleret/).waitFor();
    assert.ok((await page.locator('.sor-tree li[data-state]').count()) > 30, "the kommune's plejeenheder are in the tree");
    const uploads = sent.filter((r) => r.url === '/upload');
    assert.deepEqual(
      uploads.map((u) => u.type),
      ['application/octet-stream'],
      'one upload of the bytes as they are',
    );
    const api = sent.filter((r) => r.url.startsWith('/api/'));
    assert.ok(api.length > 0 && api.every((r) => r.bytes < 4096), `no API call carries the file: ${JSON.stringify(api.map((r) => r.bytes))}`);
  });
});
