// One timed job of bench/sqlite-bulk.ts in a fresh process (as the app or the command line would run it), so its peak
// memory is its own: `import CSV DB`, `export DB MONTH OUT` or `sei-import FILE DB`; for bench/window-paths.ts also
// `kl-export DB OUT` (the KL Gateway delivery) and `kl-summary DB` (one look at every citizen). Prints the job's
// milliseconds (process start and module loading left out, as the plain tool's are mostly not in its figure either).

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type DB, openDatabase } from '../db/open.ts';
import { localToday } from '../schemas/dates.ts';

const TODAY = '2026-12-31';
const HEADER = { kommunekode: '0751', reporterName: 'Bench', reporterEmail: 'bench@example.dk' };
const [job, a, b, c] = process.argv.slice(2) as [string, string, string, string];

/** Work on the database in `file`, closed after; what the work did, for the bench to check. */
async function onDatabase(file: string, work: (db: DB) => Promise<string> | string): Promise<string> {
  const { db } = openDatabase(file);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

// each job loads only its own modules, as the command line does (a CSV import had loaded the KL Gateway's checks too:
// its file-backed memory 56 -> 52 MB; the ~70 MB higher peak of some runs is the collector's timing and stayed)
const work: Record<string, () => Promise<() => Promise<string>>> = {
  import: async () => {
    const { analyseYdelseCsv, writeYdelseCsv } = await import('../backend/services/ydelse-csv-import.ts');
    return () =>
      onDatabase(b, async (db) => {
        const analysis = await analyseYdelseCsv(db, fs.readFileSync(a), path.basename(a), TODAY);
        const r = writeYdelseCsv(db, analysis, { skipInvalid: false, actor: 'bench' });
        if (r.errors.length) throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
        return `${r.imported}`;
      });
  },
  export: async () => {
    const { exportMonth } = await import('../backend/services/sei-export.ts');
    return () => onDatabase(a, (db) => `${exportMonth(db, b, HEADER, 'bench', new Date(), TODAY, { target: c }).plan.records.length}`);
  },
  'sei-import': async () => {
    const { applySeiFile, parseSeiFile } = await import('../backend/services/sei-import.ts');
    return () => {
      const parsed = parseSeiFile(fs.readFileSync(a), path.basename(a));
      return onDatabase(b, (db) => `${applySeiFile(db, parsed, path.basename(a), 'bench').created}`);
    };
  },
  'kl-export': async () => {
    const { exportKlDelivery } = await import('../backend/services/kl-gateway/deliver.ts');
    return () => onDatabase(a, (db) => `${exportKlDelivery(db, { today: localToday(), until: localToday(), actor: 'bench', target: b }).resources}`);
  },
  'kl-summary': async () => {
    const { klSummary } = await import('../backend/services/kl-gateway/deliver.ts');
    return () => onDatabase(a, (db) => `${klSummary(db, localToday(), localToday()).citizens}`);
  },
};
if (!work[job]) throw new Error(`unknown job ${job}`);
const run = await work[job]();

const t = performance.now();
const done = await run();
console.log(JSON.stringify({ ms: performance.now() - t, done }));
