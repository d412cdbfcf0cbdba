/// <reference lib="dom" />
// End to end in Chromium: from the start page, fill in the report's header, export last month (the validation report
// first, then the file), and see the month's state change to exported, then to submitted.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import XLSX from 'xlsx';
import { openDatabase } from '../../db/open.ts';
import { createForloeb } from '../../db/forloeb.ts';
import { createYdelser } from '../../db/ydelser.ts';
import { createPlace } from '../../db/places.ts';
import { ForloebInput } from '../../schemas/forloeb-ydelser.ts';
import { localToday } from '../../schemas/dates.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { openApp, CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, placeInput, sorCode, startBrowserMode, tmpDbPath } from '../helpers.ts';
import { hasXmllint, xmllint } from '../sei-fixtures.ts';

const skip = chromiumSkipReason();
const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

function lastMonth(): string {
  const [y, m] = localToday().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

let stopServer: () => void = () => {};
let browser: Browser;
let page: Page;
let url = '';
let origin = '';
let token = '';
const month = lastMonth();

describe('exporting a month from the start page', { skip }, () => {
  before(async () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    const place = createPlace(db, PlaceInput.parse(placeInput({ name: 'Center Nord', code: { type: 'SOR', value: sorCode(5) } })), 't');
    const f = createForloeb(
      db,
      ForloebInput.parse({ cpr: '0101902001', gopType: 'almen_basal', dischargeDate: `${month}-01`, ggopSenderSor: sorCode(227) }),
      't',
      localToday(),
    );
    createYdelser(
      db,
      f.id,
      [`${month}-03`, `${month}-05`, `${month}-07`],
      { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: place.id, hjemme: false },
      't',
      localToday(),
    );
    db.close();
    ({ url, origin, token, stop: stopServer } = await startBrowserMode(file));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', acceptDownloads: true });
  });
  after(async () => {
    await browser?.close();
    stopServer();
  });

  test('the report, the file, and the state from ready/due/overdue to exported to submitted', async () => {
    await openApp(page, url);
    await page.getByRole('heading', { name: 'Indberetning til SEI' }).waitFor();
    const name = `${MONTHS[Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;
    const row = page.locator(`tr[data-month="${month}"]`);
    await row.waitFor();
    const before = await row.locator('.state').innerText();
    assert.match(before, /^(Klar|Frist .*|Overskredet)$/, `a month that is over and not exported: ${before}`);
    assert.match(
      await page.locator('.deadline-pill').innerText(),
      new RegExp(`${name}(: frist| er ikke indberettet til tiden)`),
      'the deadline is in view in the title bar',
    );

    // the header of the file
    await page.getByLabel('Kommunekode').fill('0751');
    await page.getByLabel('Indberetterens navn').fill('Anna Ærbødig');
    await page.getByLabel('Indberetterens e-mail').fill('anna@aarhus.dk');
    await page.getByRole('button', { name: 'Gem indstillinger' }).click();
    await page.getByText(/Indberetter for Aarhus \(0751\)/).waitFor();

    await row.getByRole('button', { name: 'Eksportér …' }).click();
    await page.getByText('Sendes: 3 nye, 0 rettelser og 0 annulleringer.').waitFor();
    // the month report goes to the browser's own print window (whose printers include "Gem som PDF"), styled: the
    // window's policy allows the reports' stylesheet by its hash, and nothing is refused
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.getByRole('group', { name: 'Månedsrapporten' }).getByRole('button', { name: 'Udskriv eller gem som PDF …' }).click();
    const printed = page.frameLocator('#print-frame');
    await printed.getByRole('heading', { name: `Månedsrapport: ${name}` }).waitFor();
    assert.match(
      await printed.locator('body').innerText(),
      /Aarhus \(0751\)\. Indberetningsfrist 10\.\d{2}\.\d{4}[\s\S]*Center Nord\s+SOR \d{11}\s+3\s+0\s+0\s+0/,
    );
    const look = await page.locator('#print-frame').evaluate((f) => {
      const doc = (f as HTMLIFrameElement).contentDocument!;
      return getComputedStyle(doc.querySelector('table')!).borderCollapse;
    });
    assert.equal(look, 'collapse', "the report's stylesheet applies");
    assert.deepEqual(refused, []);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Dan SEI-fil med 3 ydelser' }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), `SEI-genoptraening-0751-${month}-nr1.xml`);
    const xml = fs.readFileSync((await download.path())!, 'utf8');
    assert.equal((xml.match(/<Aktivitet /g) ?? []).length, 3);
    if (hasXmllint) assert.ok(xmllint(xml).ok, 'the downloaded file is valid against the schema');

    await row.locator('.state', { hasText: 'Eksporteret' }).waitFor();
    // focus stays in the panel after the export, so Esc closes it
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: /^Eksportér / }).waitFor({ state: 'detached' });
    // asks first; cancelling changes nothing
    await row.getByRole('button', { name: 'Markér som indberettet …' }).click();
    await row.getByRole('button', { name: 'Annullér' }).click();
    assert.match(await row.locator('.state').innerText(), /Eksporteret/);
    await row.getByRole('button', { name: 'Markér som indberettet …' }).click();
    await row.getByText('Er filen indlæst i SEI?').waitFor();
    await row.getByRole('button', { name: 'Ja, markér som indberettet' }).click();
    await row.locator('.state', { hasText: 'Indberettet' }).waitFor();
    const Name = name.charAt(0).toUpperCase() + name.slice(1);
    assert.match(await page.getByRole('status').first().innerText(), new RegExp(`${Name} er markeret som indberettet i SEI`));
    // and can be taken back
    await page.getByRole('status').first().getByRole('button', { name: 'Fortryd' }).click();
    await row.locator('.state', { hasText: 'Eksporteret' }).waitFor();

    // the export history gives the identical file again
    const history = page.getByRole('table', { name: 'Eksporter' });
    assert.match(await history.innerText(), new RegExp(`SEI-genoptraening-0751-${month}-nr1\\.xml[\\s\\S]*3 ydelser: 3 nye, 0 rettelser og 0 annulleringer`));
    const again = page.waitForEvent('download');
    await history.getByRole('button', { name: 'Gem filen igen …' }).click();
    assert.equal(fs.readFileSync((await (await again).path())!, 'utf8'), xml, 'byte for byte the file first made');
    // the history sorts by its columns and goes to Excel: the month as text, when as a real date and time, counts as numbers
    const section = page.getByRole('region', { name: 'Eksporter' });
    await history.getByRole('button', { name: 'Fil', exact: true }).click();
    assert.equal(await history.locator('th', { hasText: 'Fil' }).getAttribute('aria-sort'), 'ascending');
    const book = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Til Excel …' }).click();
    const workbook = XLSX.read(fs.readFileSync((await (await book).path())!), { cellDates: true });
    const [only, ...more] = XLSX.utils.sheet_to_json<Record<string, unknown>>(workbook.Sheets.Eksporter!);
    assert.equal(more.length, 0);
    assert.equal(only!.Måned, month);
    assert.equal(only!.Fil, `SEI-genoptraening-0751-${month}-nr1.xml`);
    assert.equal(only!.Ydelser, 3);
    assert.ok(only!.Dannet instanceof Date, 'a real Excel date and time');
    await section.getByText(/1 eksport er gemt i/).waitFor();

    // a ydelse edited after the export; re-importing the (now older) file shows the conflict and keeps the edit
    const api = async (name: string, args: unknown) =>
      (
        (await (
          await fetch(`${origin}/api/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-sei-token': token, origin },
            body: JSON.stringify(args),
          })
        ).json()) as { result: never }
      ).result;
    const { rows } = (await api('ydelser.list', {})) as { rows: { id: number; dato: string; placeId: number; updatedAt: string }[] };
    const edited = rows[0]!.id;
    await api('ydelser.update', { id: edited, ydelse: { dato: rows[0]!.dato, ydelseskode: 'BLNB2', placeId: rows[0]!.placeId }, basedOn: rows[0]!.updatedAt });
    const older = `${await (await again).path()}.xml`;
    fs.writeFileSync(older, xml);
    await page.getByRole('button', { name: /^Import/ }).click();
    await page.locator('input[type=file]').nth(2).setInputFiles(older);
    const conflicts = page.getByRole('table', { name: 'Konflikter' });
    await conflicts.waitFor();
    assert.match(await conflicts.innerText(), /Ændret her .*efter filen blev dannet[\s\S]*Ydelseskode: BLNB2 → BLNB1/);
    await page.getByRole('button', { name: 'Importér', exact: true }).click();
    await page.getByText(/1 konflikt: den lokale udgave er beholdt/).waitFor();
    const kept = ((await api('ydelser.get', { id: edited })) as { ydelseskode: string }).ydelseskode;
    assert.equal(kept, 'BLNB2', 'the local edit was not reverted');
  });

  test("KL Gateway on the same page: what holds the citizen back, the kommune's SOR code, then the delivery file", async () => {
    await openApp(page, url);
    const kl = page.getByRole('region', { name: 'KL Gateway (FHIR)' });
    await kl.getByText('Der er ikke leveret noget endnu.').waitFor();
    await kl.getByRole('button', { name: 'Kontrollér, hvad der venter' }).click();
    await kl.getByText(/1 borger holdes tilbage, fordi noget mangler/).waitFor();
    assert.match(await kl.innerText(), /Kommunens egen SOR-kode mangler i indstillingerne/);
    await kl.getByLabel('Kommunens SOR-kode').fill(sorCode(451));
    await kl.getByRole('button', { name: 'Gem KL-indstillinger' }).click();
    await kl.getByText('Indstillingerne til KL Gateway er gemt.').waitFor();
    await kl.getByText('1 borger venter på at blive leveret.').waitFor();
    const downloading = page.waitForEvent('download');
    await kl.getByRole('button', { name: 'Dan leverance …' }).click();
    const delivery = JSON.parse(fs.readFileSync((await (await downloading).path())!, 'utf8'));
    assert.equal(delivery.resourceType, 'Bundle');
    assert.equal(delivery.entry.length, 1, 'one report: one citizen, one day of changes');
    const report = delivery.entry[0].resource;
    assert.equal(report.entry.filter((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Encounter').length, 3);
    await kl.getByText(/Leverancen er dannet og gemt i .*: 1 borger, 1 rapport og \d+ ressourcer\./).waitFor();
    await kl.getByText(/Intet venter: alt er leveret, som det er\./).waitFor();
    // the last delivery is the one just made (the status follows from the delivery, without checking every report again)
    assert.match(await kl.innerText(), /Seneste leverance: .* \(til og med \d\d\.\d\d\.\d{4}\), 1 borger\./);
  });
});
