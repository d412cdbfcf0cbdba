// The paths the window takes around the heavy jobs, measured through the command line (which makes the window's calls
// through the same handlers: backend/cli/front-door.ts), beside the job called directly in a fresh process of its own
// (bench/sqlite-job.ts, bundled as the app ships its code): what the look before the save dialog, the preview before
// an import and the result handed back add to the job itself. Paired runs; both sides timed as whole processes (start
// and module loading on both), with their peak memory.
// - the first KL Gateway delivery of 100,000 ydelser: `kl-export` against exportKlDelivery;
// - a delivery asked for with nothing new after it: `kl-export` (refused, exit 1, naming whom is blocked) against one
//   look at every citizen (klSummary);
// - a SEI month of 10,000 records imported again into the database of 100,000 that holds it: `sei-import` against
//   applySeiFile.
// BENCH_CLI names another build's command line (its bin/sei-genoptraening.mjs) for the path: a build before a change,
// against the same jobs.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ydelseCsv } from './fixtures.ts';
import { klBenchDatabase } from './kl.ts';
import { median, timed } from './paired.ts';
import { settle } from './settle.ts';
import { bundleJob, JOB_BUNDLE } from './sqlite-bulk.ts';

const RUNS = 3;
const ROOT = path.join(import.meta.dirname, '..');
const CLI = process.env.BENCH_CLI ?? path.join(ROOT, 'bin', 'sei-genoptraening.mjs');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

interface Run {
  ms: number;
  peakBytes: number;
}

/** A whole process under /usr/bin/time: its wall time and peak resident size; `exit` is the exit code it must give. */
async function processRun(args: string[], exit = 0): Promise<Run> {
  let peakBytes = 0;
  const ms = await timed(() => {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== exit) throw new Error(`${args.slice(0, 2).join(' ')}: exit ${r.status}: ${r.stderr.slice(-1500)}`);
    peakBytes = Number(r.stderr.trim().split('\n').pop()) * 1024;
  });
  return { ms, peakBytes };
}

interface Row {
  path: Run[];
  job: Run[];
}
const told = (name: string, r: Row, jobName: string) =>
  `${name}: ${s(median(r.path.map((x) => x.ms)))} mod ${jobName} ${s(median(r.job.map((x) => x.ms)))}: forhold ${median(r.path.map((x, i) => x.ms / r.job[i]!.ms)).toFixed(2)}×, ` +
  `højeste hukommelse ${mb(Math.max(...r.path.map((x) => x.peakBytes)))} mod ${mb(Math.max(...r.job.map((x) => x.peakBytes)))} (vinduets vej bør lægge lidt til: højst 1,2×)`;

export async function benchWindowPaths(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-paths-'));
  try {
    await bundleJob();
    const first: Row = { path: [], job: [] };
    const nothing: Row = { path: [], job: [] };
    for (let i = 0; i < RUNS; i++) {
      // each run's citizens (and installation) new: the checks remember answers by what they read
      const made = path.join(dir, `kl-${i}.sqlite`);
      await klBenchDatabase(made, 100_000, (i + 1) * 10_000);
      const viaPath = path.join(dir, `kl-${i}-sti.sqlite`);
      const direct = path.join(dir, `kl-${i}-job.sqlite`);
      fs.copyFileSync(made, viaPath);
      fs.copyFileSync(made, direct);
      settle(viaPath);
      first.path.push(await processRun([CLI, 'kl-export', '--db', viaPath, '--out', path.join(dir, 'sti.json'), '--format', 'json']));
      settle(direct);
      first.job.push(await processRun([JOB_BUNDLE, 'kl-export', direct, path.join(dir, 'job.json')]));
      // delivered: nothing new to deliver
      nothing.path.push(await processRun([CLI, 'kl-export', '--db', viaPath, '--out', path.join(dir, 'igen.json'), '--format', 'json'], 1));
      nothing.job.push(await processRun([JOB_BUNDLE, 'kl-summary', viaPath]));
      for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true });
    }
    console.log(told('KL Gateway, første leverance af 100.000 ydelser: kl-export', first, 'leverancen kaldt direkte'));
    console.log(told('KL Gateway, intet nyt at levere: kl-export (afvist, nævner hvem der er blokeret)', nothing, 'én gennemgang af alle borgere'));

    // a database of 100,000 ydelser, and its month of March (a tenth) as a SEI file
    const csv = path.join(dir, 'ydelser.csv');
    fs.writeFileSync(csv, ydelseCsv(100_000, 50, 10));
    const db = path.join(dir, 'db.sqlite');
    await processRun([JOB_BUNDLE, 'import', csv, db]);
    const sei = path.join(dir, 'sei.xml');
    await processRun([JOB_BUNDLE, 'export', db, '2026-03', sei]);
    const again: Row = { path: [], job: [] };
    for (let i = 0; i < RUNS; i++) {
      const viaPath = path.join(dir, `sti-${i}.sqlite`);
      const direct = path.join(dir, `job-${i}.sqlite`);
      fs.copyFileSync(db, viaPath);
      fs.copyFileSync(db, direct);
      settle(viaPath);
      again.path.push(await processRun([CLI, 'sei-import', sei, '--db', viaPath, '--format', 'json']));
      settle(direct);
      again.job.push(await processRun([JOB_BUNDLE, 'sei-import', sei, direct]));
    }
    console.log(told('SEI-fil med en måned, der allerede er i databasen, indlæst igen: sei-import', again, 'importen kaldt direkte'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
