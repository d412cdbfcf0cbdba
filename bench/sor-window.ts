// The SOR check in the window (browser mode, Chromium) on the national-size file: choosing the file (sent in pieces,
// then read), and checking one kommune. Prints; skipped with the reason when Chromium or the built window is missing.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, startBrowserMode } from '../test/helpers.ts';

export async function benchSorWindow(file: string): Promise<void> {
  const skip = chromiumSkipReason();
  if (skip) {
    console.log(`SOR-kontrol i vinduet: ikke målt (${skip})`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-sor-window-'));
  const { url, stop } = await startBrowserMode(path.join(dir, 'db.sqlite'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'da-DK' });
    await page.goto(url);
    await page.getByRole('button', { name: /^SOR-kontrol/ }).click();
    let t = performance.now();
    await page.locator('input[type=file]').last().setInputFiles(file);
    await page.waitForFunction(() => [...((document.getElementById('sor-ejer') as HTMLSelectElement | null)?.options ?? [])].some((o) => o.text.startsWith('Kommune 7 (')), null, { timeout: 600_000 });
    const tRead = performance.now() - t;
    await page.getByLabel('Kommune (institutionsejer)').selectOption({ label: 'Kommune 7 (0157)' });
    t = performance.now();
    await page.getByRole('button', { name: 'Kontrollér' }).click();
    await page.getByText(/enheder kontrolleret/).waitFor({ timeout: 120_000 });
    const tCheck = performance.now() - t;
    console.log(`SOR-kontrol i vinduet (browser-tilstand): filen sendt i stykker og læst ${(tRead / 1000).toFixed(1)} s; én kommune kontrolleret ${(tCheck / 1000).toFixed(2)} s`);
  } finally {
    await browser.close();
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
