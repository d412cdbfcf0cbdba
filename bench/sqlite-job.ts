// One timed job of bench/sqlite-bulk.ts in a fresh process (as the app or the command line would run it), so its peak
// memory is its own: `import CSV DB`, `export DB MONTH OUT` or `sei-import FILE DB`; for bench/window-paths.ts also
// `kl-export DB OUT` (the KL Gateway delivery) and `kl-summary DB` (one look at every citizen). Prints the job's
// milliseconds (process start and module loading left out, as the plain tool's are mostly not in its figure either).

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { analyseYdelseCsv, writeYdelseCsv } from '../backend/services/ydelse-csv-import.ts';
import { exportMonth } from '../backend/services/sei-export.ts';
import { applySeiFile, parseSeiFile } from '../backend/services/sei-import.ts';
import { exportKlDelivery, klSummary } from '../backend/services/kl-gateway/deliver.ts';
import { localToday } from '../schemas/dates.ts';

const TODAY = '2026-12-31';
const HEADER = { kommunekode: '0751', reporterName: 'Bench', reporterEmail: 'bench@example.dk' };
const [job, a, b, c] = process.argv.slice(2) as [string, string, string, string];

const t = performance.now();
let done = '';
if (job === 'import') {
  const { db } = openDatabase(b);
  const analysis = await analyseYdelseCsv(db, fs.readFileSync(a), path.basename(a), TODAY);
  const r = writeYdelseCsv(db, analysis, { skipInvalid: false, actor: 'bench' });
  if (r.errors.length) throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
  done = `${r.imported}`;
  db.close();
} else if (job === 'export') {
  const { db } = openDatabase(a);
  const r = exportMonth(db, b, HEADER, 'bench', new Date(), TODAY, { target: c });
  done = `${r.plan.records.length}`;
  db.close();
} else if (job === 'sei-import') {
  const parsed = parseSeiFile(fs.readFileSync(a), path.basename(a));
  const { db } = openDatabase(b);
  const r = applySeiFile(db, parsed, path.basename(a), 'bench');
  done = `${r.created}`;
  db.close();
} else if (job === 'kl-export') {
  const { db } = openDatabase(a);
  const r = exportKlDelivery(db, { today: localToday(), until: localToday(), actor: 'bench', target: b });
  done = `${r.resources}`;
  db.close();
} else if (job === 'kl-summary') {
  const { db } = openDatabase(a);
  const r = klSummary(db, localToday(), localToday());
  done = `${r.citizens}`;
  db.close();
} else {
  throw new Error(`unknown job ${job}`);
}
console.log(JSON.stringify({ ms: performance.now() - t, done }));
