/// <reference lib="dom" />
// End to end in a real Chromium against browser mode: the same window and backend as the desktop app.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openApp, CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, sorCode, startBrowserMode, tmpDbPath } from '../helpers.ts';

const skip = chromiumSkipReason();

let stopServer: () => void = () => {};
let url = '';
let browser: Browser;
let page: Page;
const dbFile = tmpDbPath();

describe('the places register in Chromium', { skip }, () => {
  before(async () => {
    ({ url, stop: stopServer } = await startBrowserMode(dbFile));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1300, height: 850 }, locale: 'da-DK' });
  });
  after(async () => {
    await browser?.close();
    stopServer();
  });

  test('a wrong SOR check digit is refused in Danish; the place is added, listed, and still there after reload', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Steder/ }).click();
    await assert.doesNotReject(page.getByRole('heading', { name: 'Steder' }).waitFor());
    await page.getByText('Der er endnu ingen steder.').waitFor();

    // keyboard: Alt+N opens the form with the name field focused
    await page.keyboard.press('Alt+n');
    const name = page.getByLabel('Navn *');
    await name.waitFor();
    assert.equal(await name.evaluate((el) => el === document.activeElement), true, 'the name field has focus');
    await page.keyboard.type('Genoptræningscenter Ærø');
    await page.getByLabel('Type *').selectOption('genoptraeningscenter');
    await page.getByLabel('Kommunalt ejet').check();
    await page.getByLabel('SOR-kode', { exact: true }).check();
    const good = sorCode(4844);
    const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    await page.getByLabel('SOR-kode *').fill(bad);
    await page.getByLabel('Adresse').fill('Vestergade 12');
    await page.getByRole('button', { name: /Opret sted/ }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /Stedet er ikke gemt/);
    assert.match(text, /forkert kontrolciffer/);
    assert.equal(await page.locator('tbody tr').count(), 0, 'nothing was saved');

    await page.getByLabel('SOR-kode *').fill(good);
    await page.keyboard.press('Control+s');
    await page.getByRole('status').getByText('Stedet "Genoptræningscenter Ærø" er oprettet.').waitFor();
    const row = page.locator('tbody tr', { hasText: 'Genoptræningscenter Ærø' });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`SOR ${good}`));

    await page.reload();
    await page.getByRole('button', { name: /^Steder/ }).click();
    await page.locator('tbody tr', { hasText: 'Genoptræningscenter Ærø' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
  });

  test('a place without a code is flagged, found by Danish search, and its history shows the edit', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Steder/ }).click();
    await page.getByRole('button', { name: /Nyt sted/ }).click();
    await page.getByLabel('Navn *').fill('Østerbro Plejehjem');
    await page.getByLabel('Type *').selectOption('plejehjem');
    await page.getByLabel('Privat, med aftale').check();
    await page.getByRole('button', { name: /Opret sted/ }).click();
    await page
      .getByRole('status')
      .getByText(/er oprettet/)
      .waitFor();
    const row = page.locator('tbody tr', { hasText: 'Østerbro Plejehjem' });
    assert.match(await row.innerText(), /Ingen kode endnu/);
    await page.locator('.alert-warning', { hasText: '1 aktivt sted har ingen kode endnu' }).waitFor();

    await page.getByRole('searchbox', { name: 'Søg i steder' }).fill('østerbro');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    assert.match(await page.locator('tbody tr').innerText(), /Østerbro Plejehjem/);

    // arrow down from the search field to the row, Enter opens it
    await page.getByRole('searchbox', { name: 'Søg i steder' }).press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByLabel('Ydernummer', { exact: true }).check();
    await page.getByLabel('Ydernummer *').fill('24015');
    await page.getByRole('button', { name: /Gem ændringer/ }).click();
    await page
      .getByRole('status')
      .getByText(/er gemt/)
      .waitFor();
    const history = page.locator('.history');
    await history.getByText('Rettet', { exact: true }).waitFor();
    assert.match(await history.innerText(), /Institutionskode: Ingen kode endnu → Ydernummer 024015/);
  });

  test('a half-filled form is not dropped without asking: Esc, Alt+N and another page ask "Kassér ændringer?"', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Steder/ }).click();
    await page.getByRole('button', { name: /Nyt sted/ }).click();
    const name = page.getByLabel('Navn *');
    await name.fill('Halvt udfyldt');
    const asked: string[] = [];
    let answer = false;
    page.on('dialog', (d) => {
      asked.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    for (const [i, key] of ['Escape', 'Alt+N', 'Alt+1'].entries()) {
      await name.press(key);
      for (const until = Date.now() + 5000; asked.length <= i && Date.now() < until; ) await new Promise((r) => setTimeout(r, 10));
      assert.equal(await name.inputValue(), 'Halvt udfyldt', `${key}: "Bliv" keeps what was written`);
    }
    assert.equal(asked.length, 3);
    assert.match(asked[0]!, /^Kassér ændringer\?/);
    answer = true;
    await name.press('Escape');
    await name.waitFor({ state: 'detached' });
    assert.equal(asked.length, 4);
    // an untouched form closes without a question
    await page.getByRole('button', { name: /Nyt sted/ }).click();
    await page.getByLabel('Navn *').press('Escape');
    await page.getByLabel('Navn *').waitFor({ state: 'detached' });
    assert.equal(asked.length, 4);
  });
});
