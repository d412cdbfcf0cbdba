// Issue 3's figures: import of a 1,000,000-row CSV (at most 20 s, one transaction, full validation), and with a million
// ydelser stored: the first page of the list (under 100 ms) and a search by CPR (under 50 ms).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { listYdelser } from '../db/ydelser.ts';
import { listForloeb } from '../db/forloeb.ts';
import { monthsOverview } from '../backend/services/months.ts';
import { analyseYdelseCsv, writeYdelseCsv } from '../backend/services/ydelse-csv-import.ts';
import { ydelseCsv, cprOf } from './fixtures.ts';
import { benchListExport } from './list-export.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TODAY = '2026-12-31';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchYdelseImport(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-'));
  const csvPath = path.join(dir, 'ydelser.csv');
  let t0 = performance.now();
  fs.writeFileSync(csvPath, ydelseCsv(ROWS));
  const size = fs.statSync(csvPath).size;
  console.log(
    `Genereret CSV med ${ROWS.toLocaleString('da-DK')} rækker (${(size / 2 ** 20).toFixed(0)} MB) på ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const { db } = openDatabase(path.join(dir, 'bench.sqlite'));
  t0 = performance.now();
  const bytes = fs.readFileSync(csvPath);
  const analysis = await analyseYdelseCsv(db, bytes, 'ydelser.csv', TODAY);
  const tAnalyse = performance.now() - t0;
  const result = writeYdelseCsv(db, analysis, { skipInvalid: false, actor: 'bench' });
  const tTotal = performance.now() - t0;
  if (result.imported !== ROWS) throw new Error(`imported ${result.imported} of ${ROWS}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  console.log(
    `Import af ${ROWS.toLocaleString('da-DK')} rækker med fuld kontrol i én transaktion: ${(tTotal / 1000).toFixed(1)} s ` +
      `(læsning og kontrol ${(tAnalyse / 1000).toFixed(1)} s, skrivning ${((tTotal - tAnalyse) / 1000).toFixed(1)} s; mål: højst 20 s)`,
  );

  const first: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    listYdelser(db, { limit: 100 }, TODAY);
    first.push(performance.now() - t);
  }
  console.log(
    `Første side af ydelseslisten (100 rækker, med antal) blandt ${ROWS.toLocaleString('da-DK')}: median ${median(first).toFixed(1)} ms (mål: under 100 ms)`,
  );

  const cpr: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const page = listYdelser(db, { search: cprOf((i * 7919) % (ROWS / 10)) }, TODAY);
    cpr.push(performance.now() - t);
    if (page.total !== 10) throw new Error(`CPR search found ${page.total}`);
  }
  console.log(`Søgning på CPR-nummer blandt ${ROWS.toLocaleString('da-DK')}: median ${median(cpr).toFixed(2)} ms (mål: under 50 ms)`);

  const place: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    listYdelser(db, { placeId: 1 + (i % 50) }, TODAY);
    place.push(performance.now() - t);
  }
  console.log(`Søgning på sted (første side, antal til 100.000): median ${median(place).toFixed(1)} ms`);

  // "only the ones that cannot be reported": every place has a SOR code here, so none (the case a full scan is worst at)
  const blocked: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    listYdelser(db, { onlyNotReportable: true }, TODAY);
    blocked.push(performance.now() - t);
  }
  console.log(
    `"Kun dem, der ikke kan indberettes" blandt ${ROWS.toLocaleString('da-DK')} (ingen er blokeret): median ${median(blocked).toFixed(2)} ms; ` +
      `ydelseslistens første side ${median(first).toFixed(1)} ms (mål: under 50 ms, som enhver liste)`,
  );
  // the start page: every month's state and counts, and the chart of the last 12 months
  const start: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    monthsOverview(db, TODAY);
    start.push(performance.now() - t);
  }
  console.log(`Forsiden (månedernes status og tal, diagrammet) med ${ROWS.toLocaleString('da-DK')} ydelser: median ${median(start).toFixed(0)} ms`);
  const t = performance.now();
  listForloeb(db, { search: cprOf(12345) }, TODAY);
  console.log(`Forløb: søgning på CPR-nummer: ${(performance.now() - t).toFixed(2)} ms`);
  db.close();
  await benchListExport(path.join(dir, 'bench.sqlite'), dir, ROWS);
  fs.rmSync(dir, { recursive: true, force: true });
}
