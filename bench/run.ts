// npm run bench: prints the figures of the README. Timings live here, never in tests.
// BENCH_ROWS sets the size of the import and SEI benchmarks (default 1,000,000).

import os from 'node:os';
import { benchCliStart } from './cli-start.ts';
import { benchKl } from './kl.ts';
import { benchYdelseImport } from './ydelse-import.ts';
import { benchPgCopy } from './pg-copy.ts';
import { benchPgImport } from './pg-import.ts';
import { benchPgLoad } from './pg-load.ts';
import { benchPlaces } from './places.ts';
import { benchSqliteBulk } from './sqlite-bulk.ts';
import { benchSor } from './sor.ts';
import { benchWindowPaths } from './window-paths.ts';

console.log(
  `Maskine: ${os.cpus()[0]?.model ?? 'ukendt'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
// BENCH_ONLY=sor (or places, ydelser, sqlite, kl, paths, pg, pgimport, pgload, cli) runs one part.
const parts: [string, string, () => Promise<void>][] = [
  ['places', 'Steder og bro', benchPlaces],
  ['ydelser', 'Forløb og ydelser', benchYdelseImport],
  ['sqlite', 'SQLite: CSV-import, databasens størrelse, SEI-eksport og -import', benchSqliteBulk],
  ['sor', 'SOR-kontrol', benchSor],
  ['kl', 'KL Gateway', benchKl],
  ['paths', 'Vinduets vej om de tunge job (gennem kommandolinjen)', benchWindowPaths],
  ['pg', 'PostgreSQL: flytning ind', benchPgCopy],
  ['pgimport', 'PostgreSQL: CSV-import og SEI-eksport', benchPgImport],
  ['pgload', 'PostgreSQL: 20 terapeuter og en administrator på én gang', benchPgLoad],
  ['cli', 'Kommandolinjens start', benchCliStart],
];
for (const [key, title, run] of parts) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== key) continue;
  console.log(`\n— ${title}`);
  await run();
}
