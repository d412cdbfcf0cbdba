// The SOR check in the window (browser mode, Chromium) on the national-size file, beside the command line doing the
// same work (sor-check of one kommune) and the raw upload of the same bytes (curl to the same server), in paired runs.
// The window's path: choose the file (sent as raw bytes), read it, pick the kommune, check it. Also the longest task
// the window's main thread ran meanwhile (a frozen window shows as long tasks). Skipped with the reason when Chromium
// or the built window is missing.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { UPLOAD_PATH } from '../schemas/bridge.ts';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, openApp, startBrowserMode } from '../test/helpers.ts';

const KOMMUNE = { label: 'Kommune 7 (0157)', code: '0157' };
const RUNS = Number(process.env.BENCH_SOR_WINDOW_RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function benchSorWindow(file: string, typesFile: string): Promise<void> {
  const skip = chromiumSkipReason();
  if (skip) {
    console.log(`SOR-kontrol i vinduet: ikke målt (${skip})`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-sor-window-'));
  const { url, origin, token, stop } = await startBrowserMode(path.join(dir, 'db.sqlite'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const cli: number[] = [];
  const win: number[] = [];
  const raw: number[] = [];
  let longest = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'da-DK' });
    await openApp(page, url);
    const types = JSON.parse(fs.readFileSync(typesFile, 'utf8')) as Record<string, string[]>;
    // the same type codes as the command line's --types
    const body = {
      plejehjem: [],
      permanentPlejebolig: [],
      midlertidigPlejebolig: [],
      helhedsplejeleverandoer: [],
      helhedsplejeleverandoersted: [],
      hjemmepleje: [],
      ...types,
    };
    await fetch(`${origin}/api/sor.types.set`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sei-token': token, origin },
      body: JSON.stringify(body),
    });

    for (let run = 0; run < RUNS; run++) {
      // the command line, the same check of one kommune
      let t = performance.now();
      const r = spawnSync(
        process.execPath,
        ['bin/sei-genoptraening.mjs', 'sor-check', file, '--types', typesFile, '--kommune', KOMMUNE.code, '--format', 'json'],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      if (r.status !== 0) throw new Error(`sor-check failed: ${r.stderr.slice(0, 500)}`);
      cli.push(performance.now() - t);

      // the same bytes uploaded raw to the same server
      t = performance.now();
      const c = spawnSync(
        'curl',
        [
          '-s',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '-H',
          'content-type: application/octet-stream',
          '-H',
          `x-sei-token: ${token}`,
          '-H',
          `origin: ${origin}`,
          '--data-binary',
          `@${file}`,
          `${origin}${UPLOAD_PATH}?purpose=sor&name=Sor.xml`,
        ],
        { encoding: 'utf8' },
      );
      raw.push(performance.now() - t);
      if (c.stdout !== '200') throw new Error(`raw upload failed: ${c.stdout} ${c.stderr}`);

      // the window: choose, send, read, pick the kommune, check
      await openApp(page, url);
      await page.evaluate(() => {
        const w = window as unknown as { longest: number };
        w.longest = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      await page.getByRole('button', { name: /^SOR-kontrol/ }).click();
      t = performance.now();
      await page.locator('input[type=file]').last().setInputFiles(file);
      await page.waitForFunction(
        (label) => [...((document.getElementById('sor-ejer') as HTMLSelectElement | null)?.options ?? [])].some((o) => o.text === label),
        KOMMUNE.label,
        { timeout: 600_000, polling: 50 },
      );
      await page.getByLabel('Kommune (institutionsejer)').selectOption({ label: KOMMUNE.label });
      await page.getByRole('button', { name: 'Kontrollér' }).click();
      await page.getByText(/enheder kontrolleret/).waitFor({ timeout: 120_000 });
      win.push(performance.now() - t);
      longest = Math.max(longest, await page.evaluate(() => (window as unknown as { longest: number }).longest));
    }
    const ratios = win.map((w, i) => w / cli[i]!);
    console.log(`SOR-kontrol af én kommune (${KOMMUNE.label}), median af ${RUNS} parrede kørsler:`);
    console.log(`  kommandolinjen (sor-check --kommune ${KOMMUNE.code}): ${s(median(cli))}`);
    console.log(`  rå upload af samme fil (curl til browser-tilstandens server): ${s(median(raw))}`);
    console.log(
      `  vinduet (vælg fil, send, læs, vælg kommune, kontrollér): ${s(median(win))}, forhold til kommandolinjen ${median(ratios).toFixed(2)} (mål: højst 2)`,
    );
    console.log(`  længste opgave i vinduets hovedtråd undervejs: ${longest.toFixed(0)} ms (mål: ingen over 200 ms)`);
  } finally {
    await browser.close();
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
