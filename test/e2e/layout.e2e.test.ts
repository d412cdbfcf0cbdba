/// <reference lib="dom" />
// Windows that fit: every page, and the pages with a record open beside their list, at 1280×800 and 1920×1080. No cell,
// heading, label, button or menu text is cut (its scrollWidth wider than its box), unless the element shows the whole
// text on hover (a title equal to its text); no table loses a column when a panel opens. The screenshots are kept in
// a folder the test prints, to look at.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createForloeb } from '../../db/forloeb.ts';
import { openDatabase } from '../../db/open.ts';
import { createPlace } from '../../db/places.ts';
import { createYdelser } from '../../db/ydelser.ts';
import { localToday } from '../../schemas/dates.ts';
import { ForloebInput } from '../../schemas/forloeb-ydelser.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, openApp, placeInput, sorCode, startBrowserMode, tmpDbPath, tmpDir } from '../helpers.ts';

const skip = chromiumSkipReason();
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** The pages, by the menu's name and a text each shows once its data is loaded. */
const PAGES = [
  { menu: 'Indberetning', ready: 'Indberetningens hoved' },
  { menu: 'Forløb', ready: '1 forløb' },
  { menu: 'Ydelser', ready: '1 ydelse' },
  { menu: 'Steder', ready: '2 steder' },
  { menu: 'Import', ready: 'SEI-fil (XML)' },
  { menu: 'SOR-kontrol', ready: 'SOR-kontrol' },
] as const;

let stopServer: () => void = () => {};
let browser: Browser;
let url = '';
const shots = tmpDir('sei-skaermbilleder-', { keep: true });

/** Text elements whose content is wider than their box, and not shown whole on hover. */
async function cutTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const selector = 'th, td, label, button, h1, h2, h3, .nav-label, .brand, .deadline-pill, .state, legend, dt, dd, .hint';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const text = (el.innerText ?? '').trim();
      if (!text || el.offsetParent === null) continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      if (el.title && el.title.replace(/\s+/g, ' ').includes(text.replace(/\s+/g, ' ').slice(0, 40))) continue;
      // inside a list that scrolls sideways, a cell is not cut: the list is wider than the pane
      out.push(
        `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${text.slice(0, 60)}" (${el.scrollWidth} > ${el.clientWidth})`,
      );
    }
    // a placeholder is cut when its text is wider than the field's inside
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[placeholder]'))) {
      if (input.value || input.offsetParent === null) continue;
      const cs = getComputedStyle(input);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const inside = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const wide = ctx.measureText(input.placeholder).width;
      if (wide > inside + 1) out.push(`pladsholder "${input.placeholder}" (${Math.ceil(wide)} > ${Math.floor(inside)})`);
    }
    return out;
  });
}

/** Per table: how many header cells are shown (not hidden, not zero wide). */
async function shownColumns(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('main table, main [role="grid"], main [role="table"]')).map(
      (t) =>
        Array.from(t.querySelectorAll('thead th, [role="columnheader"]')).filter(
          (th) => (th as HTMLElement).offsetWidth > 0 && getComputedStyle(th).visibility !== 'hidden',
        ).length,
    ),
  );
}

describe('windows that fit at 1280×800 and 1920×1080', { skip }, () => {
  before(async () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    const today = localToday();
    const long = createPlace(
      db,
      PlaceInput.parse(
        placeInput({ name: 'Genoptræningscenter Skovbrynet, afdeling for ældre med nedsat funktionsevne', code: { type: 'SOR', value: sorCode(7) } }),
      ),
      't',
    );
    createPlace(db, PlaceInput.parse(placeInput({ name: 'Bakkehuset', type: 'plejehjem', code: null })), 't');
    const f = createForloeb(
      db,
      ForloebInput.parse({ cpr: '1207524316', citizenName: 'Karoline Østergaard-Bødtcher Andersen', gopType: 'almen_basal', dischargeDate: today }),
      't',
      today,
    );
    createYdelser(db, f.id, [today], { ydelseskode: 'BLNB1', tillaegskoder: ['ZPW00900'], placeId: long.id, hjemme: true }, 't', today);
    db.close();
    ({ url, stop: stopServer } = await startBrowserMode(file));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    stopServer();
    console.log(`Skærmbillederne ligger i ${shots}`);
  });

  for (const size of SIZES) {
    test(`every page at ${size.width}×${size.height}: nothing cut`, async () => {
      const page = await browser.newPage({ viewport: size, locale: 'da-DK' });
      await openApp(page, url);
      const found: string[] = [];
      for (const p of PAGES) {
        await page
          .getByRole('navigation', { name: 'Hovedmenu' })
          .getByRole('button', { name: new RegExp(`^${p.menu}`) })
          .click();
        await page.locator('main').getByText(p.ready, { exact: true }).first().waitFor();
        await page.screenshot({ path: path.join(shots, `${size.width}x${size.height}-${p.menu}.png`) });
        for (const c of await cutTexts(page)) found.push(`${p.menu}: ${c}`);
      }
      await page.close();
      assert.deepEqual(found, []);
    });

    test(`at ${size.width}×${size.height}, a record opened beside its list: every column stays, nothing cut`, async () => {
      const page = await browser.newPage({ viewport: size, locale: 'da-DK' });
      await openApp(page, url);
      const found: string[] = [];
      const open = [
        { menu: 'Steder', row: 'Genoptræningscenter Skovbrynet' },
        { menu: 'Ydelser', row: 'BLNB1' },
        { menu: 'Forløb', row: 'Karoline' },
      ];
      for (const o of open) {
        await page
          .getByRole('navigation', { name: 'Hovedmenu' })
          .getByRole('button', { name: new RegExp(`^${o.menu}`) })
          .click();
        const row = page.locator('main tbody tr, main [role="row"], main .cards button').filter({ hasText: o.row }).first();
        await row.waitFor();
        const before = await shownColumns(page);
        await row.click();
        await page.locator('main .pane-form, main .pane-detail .panel, main .pane-detail form').first().waitFor();
        await page.screenshot({ path: path.join(shots, `${size.width}x${size.height}-${o.menu}-aaben.png`) });
        assert.deepEqual((await shownColumns(page)).slice(0, before.length), before, `${o.menu}: the list keeps every column`);
        for (const c of await cutTexts(page)) found.push(`${o.menu} (åben): ${c}`);
        await page.keyboard.press('Escape');
      }
      await page.close();
      assert.deepEqual(found, []);
    });
  }
});
