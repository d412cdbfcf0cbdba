/// <reference lib="dom" />
// End to end in Chromium: draft an application for a place without a code, mark it sent, enter the received code, and
// see the place's ydelser become reportable.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { openDatabase } from '../../db/open.ts';
import { createForloeb } from '../../db/forloeb.ts';
import { createYdelser } from '../../db/ydelser.ts';
import { createPlace } from '../../db/places.ts';
import { setReportSettings } from '../../db/settings.ts';
import { ForloebInput } from '../../schemas/forloeb-ydelser.ts';
import { localToday } from '../../schemas/dates.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { openApp, CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, placeInput, sorCode, startBrowserMode, tmpDbPath } from '../helpers.ts';

let stopServer: () => void = () => {};
let browser: Browser;
let page: Page;
let url = '';

describe('a SOR-code application in Chromium', { skip: chromiumSkipReason() }, () => {
  before(async () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    setReportSettings(db, { kommunekode: '0751', reporterName: 'Åse Sørensen', reporterEmail: 'ase@aarhus.dk' });
    const place = createPlace(db, PlaceInput.parse(placeInput({ name: 'Bakkehuset', type: 'plejehjem', phone: '', code: null })), 't');
    const f = createForloeb(db, ForloebInput.parse({ cpr: '0101902001', gopType: 'almen_basal' }), 't', localToday());
    createYdelser(db, f.id, ['2026-11-02', '2026-11-03'], { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: place.id, hjemme: false }, 't', localToday());
    db.close();
    ({ url, stop: stopServer } = await startBrowserMode(file));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'da-DK', acceptDownloads: true });
  });
  after(async () => {
    await browser?.close();
    stopServer();
  });

  test('draft, the email, mark sent, enter the code: the ydelser become reportable', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Ydelser/ }).click();
    await page.getByLabel('Kun dem, der ikke kan indberettes').check();
    await page.getByText('2 ydelser', { exact: true }).waitFor();

    await page.getByRole('button', { name: /^Steder/ }).click();
    await page.locator('tbody tr', { hasText: 'Bakkehuset' }).click();
    await page.getByRole('button', { name: 'Søg om SOR-kode …' }).click();
    const panel = page.getByRole('dialog', { name: 'Ansøgning om SOR-kode' });
    await panel.waitFor();
    assert.equal(await panel.getByLabel('Institutionens navn').inputValue(), 'Bakkehuset', 'prefilled from the place');
    await panel.getByText('Telefonnummer skal udfyldes.').first().waitFor();

    await panel.getByLabel('Telefonnummer', { exact: true }).fill('87130000');
    await panel.getByText('Emne:').waitFor();
    assert.match(await panel.locator('.mail-preview').innerText(), /Ansøgning om SOR-kode: Bakkehuset, Aarhus Kommune/);
    const mailto = await panel.getByRole('link', { name: 'Åbn i mailprogram' }).getAttribute('href');
    assert.match(mailto!, /^mailto:SORpost@sundhedsdata\.dk\?subject=/);

    const downloading = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Gem som .eml' }).click();
    const eml = fs.readFileSync((await (await downloading).path())!, 'utf8');
    const mail = await PostalMime.parse(eml);
    assert.equal(mail.subject, 'Ansøgning om SOR-kode: Bakkehuset, Aarhus Kommune');
    assert.match(mail.text!, /Telefonnummer: 87 13 00 00/);

    await panel.getByRole('button', { name: 'Markér som sendt' }).click();
    const sent = panel.getByText(/Ansøgningen er markeret som sendt/);
    await sent.waitFor();
    const inView = await sent.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(inView, 'the answer to the button at the bottom of the panel is in view, not at the top out of sight');
    if (process.env.SEI_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.SEI_SCREENSHOTS, 'sor-ansoegning-sendt.png') });
    await panel.getByLabel('Modtaget SOR-kode').fill(sorCode(4711));
    await panel.getByRole('button', { name: 'Sæt koden på stedet' }).click();
    await panel.getByText(`Bakkehuset har nu SOR-kode ${sorCode(4711)}. 2 ydelser kan nu indberettes.`).waitFor();
    await page.keyboard.press('Escape');
    await page
      .locator('tbody tr', { hasText: 'Bakkehuset' })
      .getByText(`SOR ${sorCode(4711)}`)
      .waitFor();

    await page.getByRole('button', { name: /^Ydelser/ }).click();
    await page.getByLabel('Kun dem, der ikke kan indberettes').check();
    await page.getByText('Ingen ydelser matcher.').waitFor();
  });
});
