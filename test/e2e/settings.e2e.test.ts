/// <reference lib="dom" />
// End to end in Chromium: every setting on one page (Alt+7). The therapist's own default place is where a forløb's
// first ydelse starts; the backup folder is checked before it is kept, and the Indberetning page's backups point here.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createForloeb } from '../../db/forloeb.ts';
import { openDatabase } from '../../db/open.ts';
import { createPlace } from '../../db/places.ts';
import { ForloebInput } from '../../schemas/forloeb-ydelser.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { addDays, localToday, monthName } from '../../schemas/dates.ts';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, cpr, openApp, placeInput, sorCode, startBrowserMode, tmpDbPath, tmpDir } from '../helpers.ts';

const skip = chromiumSkipReason();
const overdueStart = addDays(localToday(), -10);

describe('the settings page in Chromium', { skip }, () => {
  let stopServer: () => void = () => {};
  let browser: Browser;
  let page: Page;
  let url = '';
  let placeId = 0;
  before(async () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    createPlace(db, PlaceInput.parse(placeInput({ name: 'Aktivcenter Vest', code: { type: 'SOR', value: sorCode(777) } })), 'test');
    placeId = createPlace(db, PlaceInput.parse(placeInput({ name: 'Træningscenter Nord', code: { type: 'SOR', value: sorCode(778) } })), 'test').id;
    createForloeb(
      db,
      // long ago: outside the § 140 figures' twelve months
      ForloebInput.parse({ cpr: cpr('010190', '2001'), citizenName: 'Ny Borger', gopType: 'almen_basal', dischargeDate: '2024-11-02' }),
      't',
      '2024-11-30',
    );
    // discharged ten days ago, no ydelse yet: past the seven days, in the § 140 figures
    createForloeb(db, ForloebInput.parse({ cpr: cpr('020290', '2002'), gopType: 'almen_basal', dischargeDate: overdueStart }), 't', localToday());
    db.close();
    ({ url, stop: stopServer } = await startBrowserMode(file));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'da-DK' });
  });
  after(async () => {
    await browser?.close();
    stopServer();
  });

  test('the default place is where a new forløb’s first ydelse starts; it is kept in this window', async () => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Indstillinger/ }).click();
    await page.getByRole('heading', { name: 'Indstillinger', level: 1 }).waitFor();
    for (const heading of ['Indberetningens hoved', 'Dit standardsted', 'KL Gateway', 'Typekoder', 'Sikkerhedskopier'])
      await page.getByRole('heading', { name: heading, level: 2, exact: true }).waitFor();
    await page.locator('#standardsted').selectOption(String(placeId));
    await page.getByText('Nye forløb starter på Træningscenter Nord.').waitFor();
    await page.getByRole('button', { name: /^Forløb/ }).click();
    await page.getByRole('button', { name: /Ny Borger/ }).click();
    await page.locator('#qe-sted').waitFor();
    assert.equal(await page.locator('#qe-sted').inputValue(), String(placeId), 'the first ydelse starts at the default place');
    await page.reload();
    await page.getByRole('button', { name: /^Indstillinger/ }).click();
    await page.waitForFunction((id) => (document.getElementById('standardsted') as HTMLSelectElement | null)?.value === id, String(placeId));
    await page.getByText('Nye forløb starter på Træningscenter Nord.').waitFor();
  });

  test('the backup folder: a relative path is refused in Danish, a private folder kept; Indberetning shows it and links here', async () => {
    await page.getByLabel('Mappe til sikkerhedskopier').fill('kopier');
    await page.getByRole('button', { name: 'Gem sikkerhedskopiering' }).click();
    await page.getByText(/Sikkerhedskopimappen skal angives med hele stien/).waitFor();
    const folder = tmpDir();
    await page.getByLabel('Mappe til sikkerhedskopier').fill(folder);
    await page.getByLabel('Antal automatiske kopier').fill('14');
    await page.getByRole('button', { name: 'Gem sikkerhedskopiering' }).click();
    await page.getByText(`Der gemmes 14 automatiske kopier i ${folder}.`).waitFor();
    await page.getByRole('button', { name: /^Indberetning/ }).click();
    const backups = page.getByRole('region', { name: 'Sikkerhedskopier' });
    await backups.getByText(folder).waitFor();
    assert.match(await backups.innerText(), /gemmer de seneste 14 kopier/);
    // in browser mode a copy taken now goes to the backup folder too
    await backups.getByRole('button', { name: 'Tag en sikkerhedskopi nu …' }).click();
    await backups.getByText(`Sikkerhedskopien er gemt i ${folder}/manuel-`).waitFor();
    assert.equal(fs.readdirSync(folder).filter((f) => f.startsWith('manuel-')).length, 1);
    // § 140 in figures on the same page: the forløb past its seven days, in its month; to CSV
    const figures = page.getByRole('region', { name: '7-dagesfristen i tal (§ 140, stk. 4)' });
    const row = figures.getByRole('row', { name: new RegExp(`^${monthName(overdueStart.slice(0, 7))}`) });
    const cells = await row.getByRole('cell').allInnerTexts();
    assert.equal(cells[1], '1', 'one forløb whose seven days started that month');
    assert.equal(cells[4], '1', 'waiting, past the limit');
    const downloading = page.waitForEvent('download');
    await figures.getByRole('button', { name: 'Til CSV …' }).click();
    const csv = fs.readFileSync((await (await downloading).path())!, 'utf8');
    assert.match(csv, /^\uFEFFMåned;Forløb;Startet inden for 7 dage;Startet efter 7 dage;Venter, fristen overskredet;/);
    assert.equal(csv.trim().split('\r\n').length, 13, 'the header and twelve months');
    await backups.getByRole('button', { name: 'Ret antal og mappe under Indstillinger' }).click();
    await page.getByRole('heading', { name: 'Indstillinger', level: 1 }).waitFor();
  });

  test('a new user gets the first-run guide: steps not done take them there; skipped, it stays away; F1 shows the page’s help and brings it back', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'da-DK' });
    try {
      await openApp(fresh, url, { intro: true });
      const guide = fresh.getByRole('dialog', { name: 'Velkommen til SEI Genoptræning' });
      await guide.waitFor();
      assert.match(await guide.innerText(), /Før den første registrering: 2 trin mangler/, 'places exist: that step is done');
      assert.match(await guide.innerText(), /Det første sted ✓ Klar/);
      await guide.getByRole('button', { name: 'Til Import' }).click();
      await fresh.getByRole('heading', { level: 1, name: /Import/ }).waitFor();
      assert.equal(await guide.isVisible(), false);
      await fresh.reload();
      await fresh.getByRole('navigation', { name: 'Hovedmenu' }).waitFor();
      await fresh.waitForTimeout(300);
      assert.equal(await fresh.getByRole('dialog').count(), 0, 'seen: not shown again by itself');

      // F1 on the Ydelser page: its own help, with the keys; Esc closes it
      await fresh.keyboard.press('Alt+3');
      await fresh.getByRole('heading', { level: 1, name: 'Ydelser' }).waitFor();
      await fresh.keyboard.press('F1');
      const help = fresh.getByRole('dialog', { name: 'Hjælp: Ydelser' });
      await help.waitFor();
      assert.match(await help.innerText(), /Klik på en kolonneoverskrift/);
      assert.match(await help.innerText(), /Alt\+1 … Alt\+7/);
      await fresh.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });
      await fresh.keyboard.press('F1');
      await help.getByRole('button', { name: 'Vis introduktionen' }).click();
      await guide.waitFor();
      await guide.getByRole('button', { name: 'Spring over' }).click();
      await guide.waitFor({ state: 'detached' });
    } finally {
      await fresh.close();
    }
  });
});
