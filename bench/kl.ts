// Issue 18's figure: the first KL Gateway delivery of a month with 100,000 ydelser (10,000 citizens, each with a
// forløb), against the SEI export of the same month from the same database, in the same process: paired runs, median
// of the ratios. Target: within 3×. Each run has a database of its own, with citizens and an installation (so resource
// ids) no earlier run had: the checks remember answers by what they read, and a run on data seen before would be
// answered from memory (a delivery that repeats the last is not what a kommune makes). The process's first delivery,
// which also compiles the checks (FHIR R4's schema, the FHIRPath expressions), is printed apart.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportKlDelivery } from '../backend/services/kl-gateway/deliver.ts';
import { exportMonth } from '../backend/services/sei-export.ts';
import { analyseYdelseCsv, writeYdelseCsv } from '../backend/services/ydelse-csv-import.ts';
import { getKlSettings, setKlSettings } from '../db/kl-gateway.ts';
import { openDatabase } from '../db/open.ts';
import { localToday } from '../schemas/dates.ts';
import { cprOf, sor } from './fixtures.ts';

const ROWS = Math.min(Number(process.env.BENCH_ROWS ?? 100_000), 100_000);
const KEEP = process.env.BENCH_KEEP;
const RUNS = 3;
const MONTH = '2026-03';
const HEADER = { kommunekode: '0751', reporterName: 'Bench', reporterEmail: 'bench@example.dk' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The month's rows: ten contacts for each of rows / 10 citizens, the first of them citizen number `first`. */
function csv(rows: number, first: number): string {
  const out = ['cpr;dato;ydelseskode;kodetype;institutionskode;tillaegskoder;hjemme;ekstern_id;gop_type;udskrivningsdato;ggop_afsender_sor'];
  for (let i = 0; i < rows; i++) {
    const citizen = first + Math.floor(i / 10);
    // each citizen's ten contacts on the 2nd to the 11th, the day after discharge first: within the seven days
    out.push(
      `${cprOf(citizen)};${MONTH}-${String(2 + (i % 10)).padStart(2, '0')};BLNB1;SOR;${sor(1000 + (citizen % 50))};;${i % 10 === 0 ? 'ja' : 'nej'};K${i};almen_basal;${MONTH}-01;${sor(227)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** A new database (its own installation) holding the month for citizens `first` … `first + rows / 10 - 1`. */
export async function klBenchDatabase(file: string, rows: number, first: number): Promise<void> {
  const { db } = openDatabase(file);
  const a = await analyseYdelseCsv(db, Buffer.from(csv(rows, first)), 'ydelser.csv', '2026-12-31');
  writeYdelseCsv(db, a, { skipInvalid: false, actor: 'bench' });
  setKlSettings(db, { ...getKlSettings(db), kommuneSor: sor(451) });
  db.close();
}

export async function benchKl(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-kl-'));
  const sei: number[] = [];
  const kl: number[] = [];
  const ratios: number[] = [];
  let summary = '';
  let first = '';
  // run 0 is the process's first delivery (the checks compiled in it); runs 1 … RUNS are paired
  for (let i = 0; i <= RUNS; i++) {
    const file = path.join(dir, `kl-${i}.sqlite`);
    await klBenchDatabase(file, ROWS, i * (ROWS / 10));
    if (KEEP && i === 0) fs.copyFileSync(file, KEEP);
    const db = openDatabase(file).db;
    let t = performance.now();
    exportMonth(db, MONTH, HEADER, 'bench', new Date(), '2026-12-31', { target: path.join(dir, `sei-${i}.xml`) });
    const tSei = performance.now() - t;
    t = performance.now();
    const r = exportKlDelivery(db, { today: '2026-12-31', until: localToday(), actor: 'bench', target: path.join(dir, `kl-${i}.json`) });
    const tKl = performance.now() - t;
    db.close();
    summary = `${r.citizens.toLocaleString('da-DK')} borgere, ${r.resources.toLocaleString('da-DK')} ressourcer, ${(fs.statSync(path.join(dir, `kl-${i}.json`)).size / 2 ** 20).toFixed(0)} MB`;
    for (const f of [file, path.join(dir, `sei-${i}.xml`), path.join(dir, `kl-${i}.json`)]) fs.rmSync(f, { force: true });
    if (i === 0) {
      first = `procesens første leverance ${(tKl / 1000).toFixed(2)} s (SEI-eksporten ${(tSei / 1000).toFixed(2)} s)`;
      continue;
    }
    sei.push(tSei);
    kl.push(tKl);
    ratios.push(tKl / tSei);
  }
  console.log(
    `KL Gateway-leverance af ${ROWS.toLocaleString('da-DK')} ydelser (${summary}), nye borgere i hver kørsel: median ${(median(kl) / 1000).toFixed(2)} s; ` +
      `SEI-eksport af samme måned ${(median(sei) / 1000).toFixed(2)} s; forhold ${median(ratios).toFixed(2)}× (median af ${RUNS} parrede kørsler; mål: højst 3×); ${first}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
