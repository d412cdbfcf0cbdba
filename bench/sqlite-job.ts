// One timed job of bench/sqlite-bulk.ts in a fresh process (as the app or the command line would run it), so its peak
// memory is its own: `import CSV DB`, `export DB MONTH OUT` or `sei-import FILE DB`; for bench/window-paths.ts also
// `kl-export DB OUT` (the KL Gateway delivery) and `kl-summary DB` (one look at every citizen). Prints the job's
// milliseconds (process start and module loading left out, as the plain tool's are mostly not in its figure either).

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { localToday } from '../schemas/dates.ts';

const TODAY = '2026-12-31';
const HEADER = { kommunekode: '0751', reporterName: 'Bench', reporterEmail: 'bench@example.dk' };
const [job, a, b, c] = process.argv.slice(2) as [string, string, string, string];

// each job loads only its own modules, as the command line does: the KL Gateway's checks (FHIR R4's validators,
// FHIRPath) loaded for a CSV import made its peak ~70 MB higher in some runs
const work: Record<string, () => Promise<() => string | Promise<string>>> = {
  import: async () => {
    const { analyseYdelseCsv, writeYdelseCsv } = await import('../backend/services/ydelse-csv-import.ts');
    return async () => {
      const { db } = openDatabase(b);
      const analysis = await analyseYdelseCsv(db, fs.readFileSync(a), path.basename(a), TODAY);
      const r = writeYdelseCsv(db, analysis, { skipInvalid: false, actor: 'bench' });
      if (r.errors.length) throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
      db.close();
      return `${r.imported}`;
    };
  },
  export: async () => {
    const { exportMonth } = await import('../backend/services/sei-export.ts');
    return () => {
      const { db } = openDatabase(a);
      const r = exportMonth(db, b, HEADER, 'bench', new Date(), TODAY, { target: c });
      db.close();
      return `${r.plan.records.length}`;
    };
  },
  'sei-import': async () => {
    const { applySeiFile, parseSeiFile } = await import('../backend/services/sei-import.ts');
    return () => {
      const parsed = parseSeiFile(fs.readFileSync(a), path.basename(a));
      const { db } = openDatabase(b);
      const r = applySeiFile(db, parsed, path.basename(a), 'bench');
      db.close();
      return `${r.created}`;
    };
  },
  'kl-export': async () => {
    const { exportKlDelivery } = await import('../backend/services/kl-gateway/deliver.ts');
    return () => {
      const { db } = openDatabase(a);
      const r = exportKlDelivery(db, { today: localToday(), until: localToday(), actor: 'bench', target: b });
      db.close();
      return `${r.resources}`;
    };
  },
  'kl-summary': async () => {
    const { klSummary } = await import('../backend/services/kl-gateway/deliver.ts');
    return () => {
      const { db } = openDatabase(a);
      const r = klSummary(db, localToday(), localToday());
      db.close();
      return `${r.citizens}`;
    };
  },
};
if (!work[job]) throw new Error(`unknown job ${job}`);
const run = await work[job]();

const t = performance.now();
const done = await run();
console.log(JSON.stringify({ ms: performance.now() - t, done }));
