/// <reference lib="dom" />
// End to end in Chromium: a therapist enters a forløb and a week of ydelser by keyboard; one, at a place with no code
// yet, is marked not reportable and links to that place. Then a CSV with an error is refused in the preview.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import XLSX from 'xlsx';
import { openDatabase } from '../../db/open.ts';
import { createPlace } from '../../db/places.ts';
import { replaceSksList } from '../../db/sks.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { localToday } from '../../schemas/dates.ts';
import { openApp, CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, placeInput, sorCode, startBrowserMode, tmpDbPath, tmpDir } from '../helpers.ts';

const skip = chromiumSkipReason();

let stopServer: () => void = () => {};
let browser: Browser;
let page: Page;
let url = '';
let dbFile = '';

describe('forløb and ydelser in Chromium', { skip }, () => {
  before(async () => {
    const file = tmpDbPath();
    dbFile = file;
    const { db } = openDatabase(file);
    createPlace(db, PlaceInput.parse(placeInput({ name: 'Aktivcenter Vest', code: { type: 'SOR', value: sorCode(777) } })), 'test');
    createPlace(db, PlaceInput.parse(placeInput({ name: 'Bakkehuset', type: 'plejehjem', code: null })), 'test');
    db.close();
    ({ url, stop: stopServer } = await startBrowserMode(file));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
  });
  after(async () => {
    await browser?.close();
    stopServer();
  });

  test('a forløb and a week of ydelser by keyboard; the one at a place without code is not reportable', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Forløb/ }).click();
    await page.getByText(/Der er ingen forløb/).waitFor(); // loaded: the keys are listened to
    await page.keyboard.press('Alt+n');
    const cpr = page.getByLabel('CPR-nummer *');
    await cpr.waitFor();
    assert.ok(await cpr.evaluate((el) => el === document.activeElement), 'CPR field has focus');
    await page.keyboard.type('010190-2001');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Test Borger');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByLabel('Genoptræningsplan *').inputValue(), 'almen_avanceret');
    await page.keyboard.press('Control+s');
    await page
      .getByRole('status')
      .getByText(/Forløbet for 010190-2001 er oprettet/)
      .waitFor();

    // the quick entry has focus: a week in one go
    const dates = page.getByLabel('Dato(er)');
    await dates.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'qe-datoer', null, { timeout: 5000 });
    await page.keyboard.type('23.11.2026-26.11.2026');
    await page.getByText('4 datoer: man 23.11.2026, tir 24.11.2026, ons 25.11.2026, tor 26.11.2026').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('BLNB1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Aktivcenter');
    assert.match(await page.getByLabel('Sted', { exact: true }).locator('option:checked').innerText(), /Aktivcenter Vest/);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText(/^4 ydelser registreret/)
      .waitFor();
    assert.doesNotMatch(await page.getByRole('status').innerText(), /kan ikke indberettes/);

    // Friday at the place that has no code yet: Ctrl+G repeats the last entry with the next weekday
    await page.keyboard.press('Control+g');
    assert.equal(await dates.inputValue(), '27.11.2026');
    await page.getByLabel('Sted', { exact: true }).focus();
    await page.keyboard.type('Bakke');
    await dates.focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText(/1 ydelse registreret .* 1 kan ikke indberettes: Stedet "Bakkehuset" har ingen kode endnu/)
      .waitFor();

    const rows = page.locator('.vgrid-row');
    await page.waitForFunction(() => document.querySelectorAll('.vgrid-row').length === 5);
    const bad = rows.filter({ hasText: 'fre 27.11.2026' });
    assert.match(await bad.innerText(), /✗ Stedet "Bakkehuset" har ingen kode endnu/);
    assert.equal(await rows.filter({ hasText: '✓ Klar' }).count(), 4);

    // the ydelse links to the place that needs its code
    await bad.click();
    await page.getByRole('button', { name: 'Åbn stedet' }).click();
    await page.getByRole('heading', { name: 'Bakkehuset' }).waitFor();
    assert.equal(await page.getByLabel('Navn *').inputValue(), 'Bakkehuset');
  });

  test('a deleted ydelse can be brought back at once, or later from "Slettede"', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Ydelser/ }).click();
    const rows = page.locator('.vgrid-row');
    await page.waitForFunction(() => document.querySelectorAll('.vgrid-row').length === 5);
    await rows.filter({ hasText: 'tor 26.11.2026' }).click();
    // a changed field is not dropped by Esc without asking
    const kode = page.getByLabel('Ydelseskode', { exact: true });
    await kode.fill('BLNB2');
    const asking = page.waitForEvent('dialog', { timeout: 5000 });
    const pressing = kode.press('Escape'); // the key waits until the confirm is answered
    const dialog = await asking;
    assert.match(dialog.message(), /^Kassér ændringer\?/);
    await dialog.dismiss();
    await pressing;
    assert.equal(await kode.inputValue(), 'BLNB2', 'still open, as written');
    await kode.fill('BLNB1');
    await page.getByRole('button', { name: 'Slet ydelse' }).click();
    await page.getByRole('button', { name: 'Bekræft sletning' }).click();
    await page.getByText(/Ydelsen er slettet\. Den kan gendannes/).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.vgrid-row').length === 4);
    await page.getByRole('button', { name: 'Fortryd sletning' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.vgrid-row').length === 5);

    await page.getByRole('button', { name: 'Slet ydelse' }).click();
    await page.getByRole('button', { name: 'Bekræft sletning' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.vgrid-row').length === 4);
    await page.getByRole('button', { name: 'Luk' }).first().click();
    await page.getByRole('button', { name: 'Slettede …' }).click();
    const deleted = page.getByRole('table', { name: 'Slettede ydelser' });
    assert.match(await deleted.innerText(), /tor 26\.11\.2026[\s\S]*BLNB1/);
    await deleted.getByRole('button', { name: 'Gendan' }).click();
    await page
      .getByRole('status')
      .getByText(/Ydelsen tor 26\.11\.2026 \(BLNB1\) er gendannet/)
      .waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.vgrid-row').length === 5);
    await page.getByText('Ingen ydelser er slettet.').waitFor();
  });

  test('a ydelse dated in the future is warned about before it is saved; a second Enter saves it', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Forløb/ }).click();
    await page.locator('.card', { hasText: 'Test Borger' }).click();
    const dates = page.getByLabel('Dato(er)');
    await dates.waitFor();
    const [y, m, d] = localToday().split('-').map(Number) as [number, number, number];
    const ahead = new Date(Date.UTC(y, m - 1, d + 3));
    const typed = `${String(ahead.getUTCDate()).padStart(2, '0')}.${String(ahead.getUTCMonth() + 1).padStart(2, '0')}.${ahead.getUTCFullYear()}`;
    await dates.fill(typed);
    await page.getByLabel('Ydelseskode').fill('BLNB1');
    await dates.press('Enter');
    await page.getByText(/ligger i fremtiden\. Tryk Enter igen for at registrere alligevel\./).waitFor();
    assert.equal(await dates.inputValue(), typed, 'nothing saved yet');
    await dates.press('Enter');
    await page
      .getByRole('status')
      .getByText(/^1 ydelse registreret/)
      .waitFor();
    assert.equal(await dates.inputValue(), '');
  });

  test('a message belongs to the forløb it is about: opening another forløb does not show it', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Forløb/ }).click();
    await page.getByRole('list', { name: 'Forløb' }).getByText('Test Borger').waitFor();
    await page.keyboard.press('Alt+n');
    await page.getByLabel('CPR-nummer *').fill('020290-2002');
    await page.getByLabel('Navn').fill('Anden Borger');
    await page.getByLabel('Genoptræningsplan *').selectOption('almen_basal');
    await page.keyboard.press('Control+s');
    const created = page.getByRole('status').getByText(/Forløbet for 020290-2002 er oprettet/);
    await created.waitFor();
    await page.getByRole('list', { name: 'Forløb' }).getByText('Test Borger').click();
    await page.getByRole('heading', { name: /Test Borger/ }).waitFor();
    assert.equal(await created.count(), 0, 'the message about the new forløb is not shown beside another');
  });

  test('a new GGOP from the hospital replaces the one in force, after asking; the replaced one stays in view', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Forløb/ }).click();
    await page.getByRole('list', { name: 'Forløb' }).getByText('Anden Borger').click();
    await page.getByRole('heading', { name: /Anden Borger/ }).waitFor();
    await page.getByRole('button', { name: 'Ret forløbet' }).click();
    await page.getByRole('button', { name: 'Registrér ny GGOP …' }).click();
    await page.getByLabel('Type *', { exact: true }).selectOption('specialiseret');
    await page.getByLabel('Modtaget', { exact: true }).fill('20.11.2026');
    await page.getByLabel('Afsender (SOR-kode)', { exact: true }).fill('Ikke en kode');
    await page.getByRole('button', { name: 'Registrér den nye plan' }).click();
    await page.getByText(/Den nye genoptræningsplan er ikke registreret\. Ret fejlene/).waitFor();
    await page.getByLabel('Afsender (SOR-kode)', { exact: true }).fill('');
    const asking = page.waitForEvent('dialog', { timeout: 5000 });
    const clicked = page.getByRole('button', { name: 'Registrér den nye plan' }).click();
    const dialog = await asking;
    assert.match(dialog.message(), /^Registrér den nye genoptræningsplan\?\n\nDen gældende gemmes som erstattet/);
    await dialog.accept();
    await clicked;
    await page
      .getByRole('status')
      .getByText('Den nye genoptræningsplan er registreret (genoptræning på specialiseret niveau); den tidligere er gemt som erstattet.')
      .waitFor();
    assert.match(await page.locator('.forloeb-detail .form-head').innerText(), /Genoptræning på specialiseret niveau/);
    await page.getByRole('button', { name: 'Ret forløbet' }).click();
    await page.getByText(/^Erstattet: Almen genoptræning, basalt niveau.*\(erstattet \d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d af /).waitFor();
    await page.getByRole('button', { name: 'Skjul oplysninger' }).click();
  });

  test('an import with an error is refused in the preview; skipping the bad row imports the good one', async () => {
    await page.keyboard.press('Alt+5');
    const dir = tmpDir();
    const csv = path.join(dir, 'ydelser.csv');
    fs.writeFileSync(
      csv,
      `cpr;dato;ydelseskode;kodetype;institutionskode\n0202904002;2026-11-03;BLNB1;SOR;${sorCode(777)}\n0202904002;2026-11-04;BLNB1;SHAK;13\n`,
    );
    await page.locator('input[type=file]').nth(1).setInputFiles(csv);
    await page.getByText('Filen har 1 fejl i 1 række').waitFor();
    const issues = page.getByRole('table', { name: 'Fejl i filen' });
    assert.match(await issues.innerText(), /3\s+institutionskode\s+SHAK-koden "13" har 2 tegn/);
    await page.getByRole('button', { name: 'Importér den ene gode række og spring 1 række over' }).click();
    await page.getByText('1 ydelse er importeret.').waitFor();
    assert.ok(await page.getByRole('button', { name: /Hent afvisningsfil \(1 række\)/ }).isVisible());
  });

  test('the ydelser list filtered by period goes to Excel as shown; the filter is kept when the window is opened again', async () => {
    await page.getByRole('button', { name: /^Ydelser/ }).click();
    await page.getByRole('heading', { name: 'Ydelser' }).waitFor();
    await page.locator('#ydelser-fra').fill('23.11.2026');
    await page.locator('#ydelser-til').fill('26.11.2026');
    const count = page.locator('p.muted.small');
    await page.waitForFunction(() => /^4 ydelser$/.test(document.querySelector('p.muted.small')?.textContent ?? ''), null, { timeout: 10_000 });
    assert.equal(await count.innerText(), '4 ydelser', 'Monday to Thursday; the other days fall outside the period');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Til Excel …' }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^Ydelser-2026-11-23-til-2026-11-26-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = XLSX.read(fs.readFileSync((await download.path())!));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Ydelser!, { raw: false, dateNF: 'yyyy-mm-dd' });
    assert.deepEqual(
      rows.map((r) => [r.Dato, r['CPR-nummer'], r.Sted]),
      ['26-11-2026', '25-11-2026', '24-11-2026', '23-11-2026'].map((d) => [d, '0101902001', 'Aktivcenter Vest']),
      'what the list shows, in its order',
    );
    await page.getByRole('status').getByText('4 ydelser er gemt i Ydelser-').waitFor();
    // opened again: the period still set
    await page.reload();
    await page.getByRole('button', { name: /^Ydelser/ }).click();
    await page.waitForFunction(() => /^4 ydelser$/.test(document.querySelector('p.muted.small')?.textContent ?? ''), null, { timeout: 10_000 });
    assert.equal(await page.locator('#ydelser-fra').inputValue(), '23.11.2026');
  });

  test('the lists sort by a column, by mouse and by keyboard, keep the order, and go to Excel and CSV in it', async () => {
    // ydelser: the period cleared, then sorted by CPR number (a click: rising), then turned (Enter on the header)
    await page.locator('#ydelser-fra').fill('');
    await page.locator('#ydelser-til').fill('');
    const header = page.getByRole('columnheader', { name: /CPR-nummer/ });
    assert.equal(await header.getAttribute('aria-sort'), 'none');
    await header.getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('[role=columnheader][aria-sort=ascending]')?.textContent?.startsWith('CPR-nummer'));
    const firstRow = page.locator('.vgrid-row').first();
    await page.waitForFunction(() => document.querySelector('.vgrid-row')?.textContent?.includes('010190-2001'));
    await header.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.vgrid-row')?.textContent?.includes('020290-4002'));
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    assert.match(await firstRow.innerText(), /020290-4002/);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Til CSV …' }).click();
    const csv = fs.readFileSync((await (await downloading).path())!, 'utf8');
    const cprs = csv
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split(';')[1]);
    assert.equal(cprs[0], '0202904002', 'the file in the list’s order');
    assert.deepEqual(cprs, [...cprs].sort().reverse());
    // kept: the window opened again shows the same order
    await page.reload();
    await page.getByRole('button', { name: /^Ydelser/ }).click();
    await page.waitForFunction(() => document.querySelector('[role=columnheader][aria-sort=descending]')?.textContent?.startsWith('CPR-nummer'));

    // places: by name, falling (the list's own order is by name, rising), to Excel
    await page.getByRole('button', { name: /^Steder/ }).click();
    const name = page.getByRole('columnheader', { name: /Navn/ });
    await page.getByRole('cell', { name: 'Bakkehuset' }).waitFor();
    assert.equal(await name.getAttribute('aria-sort'), 'ascending');
    await name.getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('table.grid tbody tr td')?.textContent?.startsWith('Bakkehuset'));
    const placesDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Til Excel …' }).click();
    const places = await placesDownload;
    assert.match(places.suggestedFilename(), /^Steder-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = XLSX.read(fs.readFileSync((await places.path())!));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets.Steder!);
    assert.deepEqual(
      rows.map((r) => [r.Navn, r.Institutionskode]),
      [
        ['Bakkehuset', 'Ingen kode endnu'],
        ['Aktivcenter Vest', `SOR ${sorCode(777)}`],
      ],
    );

    // forløb: all of them, by CPR number, to Excel
    await page.getByRole('button', { name: /^Forløb/ }).click();
    await page.getByLabel('Status').selectOption('alle');
    await page.getByLabel('Sortér efter').selectOption('cpr');
    await page.getByRole('button', { name: 'Stigende' }).waitFor();
    const forloebDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Til Excel …' }).click();
    const forloeb = await forloebDownload;
    const fbook = XLSX.read(fs.readFileSync((await forloeb.path())!));
    const frows = XLSX.utils.sheet_to_json<Record<string, unknown>>(fbook.Sheets.Forløb!, { raw: false });
    assert.deepEqual(
      frows.map((r) => r['CPR-nummer']),
      ['0101902001', '0202902002'],
    );
    assert.equal(typeof XLSX.utils.sheet_to_json<Record<string, unknown>>(fbook.Sheets.Forløb!)[0]!.Ydelser, 'number');
    await page.getByText(/^2 forløb er gemt i Forløb-\d{4}/).waitFor();
  });

  // last: a loaded code list changes what the other tests' ydelser are checked against
  test("the ydelse form's code picker: a code's text, codes found by a word (æ included) valid on the day, a code not valid then", async () => {
    const { db } = openDatabase(dbFile);
    replaceSksList(
      db,
      [
        { code: 'BLNB1', text: 'Genoptræning, basalt niveau', validFrom: '2020-01-01', validTo: null },
        { code: 'BLNB7', text: 'Træning på hold', validFrom: '2020-01-01', validTo: null },
        { code: 'BLNB9', text: 'Træning, udgået', validFrom: '2020-01-01', validTo: '2025-12-31' },
      ],
      'sks.csv',
      'test',
    );
    db.close();
    await openApp(page, url);
    await page.getByRole('button', { name: /^Ydelser/ }).click();
    await page.locator('.vgrid-row').filter({ hasText: 'man 23.11.2026' }).first().click();
    const kode = page.getByLabel('Ydelseskode', { exact: true });
    const about = page.locator('#yd-kode-tekst');
    await page.waitForFunction(() => document.getElementById('yd-kode-tekst')?.textContent === 'Genoptræning, basalt niveau');
    await kode.fill('TRÆNING');
    await page.waitForFunction(() => document.querySelectorAll('#yd-kode-koder option').length === 2);
    assert.deepEqual(await page.locator('#yd-kode-koder option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['BLNB1', 'BLNB7']);
    await kode.fill('BLNB9');
    await page.waitForFunction(() => /Ikke en gyldig kode den dag/.test(document.getElementById('yd-kode-tekst')?.textContent ?? ''));
    assert.equal(await about.getAttribute('class'), 'hint warn-text');
    await kode.fill('BLNB1');
    await page.waitForFunction(() => document.getElementById('yd-kode-tekst')?.textContent === 'Genoptræning, basalt niveau');
  });
});
