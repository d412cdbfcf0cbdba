// Issue 17's bulk figures on a kommune's PostgreSQL database, beside the plain tool doing the same work in the same run:
// - the CSV import of BENCH_ROWS ydelser (default 1,000,000) with full validation, one transaction, against psql
//   loading the same file with \copy into a staging table and inserting it into the app's table with its places;
// - the SEI export of a 100,000-ydelse month, against psql writing the same rows of that month to a file.
// Paired runs on fresh databases, median of the ratios; a PostgreSQL cluster of its own (test/pg-cluster.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyseYdelseCsv, writeYdelseCsv } from '../backend/services/ydelse-csv-import.ts';
import { exportMonth } from '../backend/services/sei-export.ts';
import type { DB } from '../db/open.ts';
import { PgDatabase } from '../db/pg/sync-database.ts';
import { pairedRuns, timed } from './paired.ts';
import { withPgServer } from './pg-server.ts';
import { ydelseCsv } from './fixtures.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = 3;
// an export takes a second, not a minute: more pairs for a steadier median on a shared machine
const EXPORT_RUNS = 7;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchPgImport(): Promise<void> {
  await withPgServer(async ({ cluster, fresh, psqlFile }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-pgimport-'));
    fs.chmodSync(dir, 0o755);
    try {
      const csv = path.join(dir, 'ydelser.csv');
      // one month of 100,000 among the rest: 10 months
      fs.writeFileSync(csv, ydelseCsv(ROWS, 50, 10));
      const places = path.join(dir, 'places.tsv');
      const load = path.join(dir, 'load.sql');
      fs.writeFileSync(
        load,
        [
          'CREATE TEMP TABLE ind (cpr text, dato text, ydelseskode text, kodetype text, institutionskode text, tillaegskoder text, hjemme text, ekstern_id text);',
          `\\copy ind FROM '${csv}' (FORMAT csv, DELIMITER ';', HEADER)`,
          // one import batch holds the rows' time, as the app's import writes them (migration 11)
          "INSERT INTO sei.import_batch (at, actor, file_name, imported, rejected, duplicates) VALUES (now()::text, 'psql', 'ydelser.csv', 0, 0, 0);",
          `INSERT INTO sei.ydelse (cpr, dato, ydelseskode, tillaegskoder, place_id, hjemme, ekstern_id, import_id)
             SELECT i.cpr, i.dato, i.ydelseskode, coalesce(i.tillaegskoder, ''), p.id, CASE WHEN i.hjemme = 'ja' THEN 1 ELSE 0 END, i.ekstern_id,
                    (SELECT max(id) FROM sei.import_batch)
             FROM ind i JOIN sei.place p ON p.code_type = i.kodetype AND p.code_value = i.institutionskode;`,
        ].join('\n'),
      );
      let exportDb = '';
      const imported = await pairedRuns(
        RUNS,
        async () => {
          const a = await fresh();
          const db = new PgDatabase(cluster.url(a)) as unknown as DB;
          let r: ReturnType<typeof writeYdelseCsv> | undefined;
          const ms = await timed(async () => {
            const analysis = await analyseYdelseCsv(db, fs.readFileSync(csv), 'ydelser.csv', '2026-12-31');
            r = writeYdelseCsv(db, analysis, { skipInvalid: false, actor: 'bench' });
          });
          db.close();
          if (r!.imported !== ROWS) throw new Error(`imported ${r!.imported} of ${ROWS}`);
          if (!exportDb) {
            // the places the import made, for the plain load to find (as ours found them made by its own first pass)
            fs.writeFileSync(path.join(dir, 'dump.sql'), `\\copy sei.place TO '${places}'`);
            psqlFile(a, path.join(dir, 'dump.sql'));
            exportDb = a;
          }
          return ms;
        },
        async () => {
          const b = await fresh();
          fs.writeFileSync(path.join(dir, 'places.sql'), `\\copy sei.place FROM '${places}'`);
          psqlFile(b, path.join(dir, 'places.sql'));
          return timed(() => psqlFile(b, load));
        },
      );
      console.log(
        `CSV-import af ${ROWS.toLocaleString('da-DK')} rækker til PostgreSQL (fuld kontrol, én transaktion, COPY): median ${s(imported.ours)}; ` +
          `psql \\copy af samme fil og indsættelse med stederne ${s(imported.plain)}; forhold ${imported.ratio.toFixed(2)}× (median af ${RUNS} parrede kørsler; mål: højst 1,5×)`,
      );

      // the SEI export of one month (a tenth of the rows) from the first database, beside psql writing the same rows
      const month = '2026-01';
      const count = Number(cluster.psql(exportDb, `SELECT count(*) FROM sei.ydelse WHERE dato LIKE '${month}-%'`).trim());
      const header = { kommunekode: '751', reporterName: 'Bench', reporterEmail: 'bench@example.dk' };
      const rowsSql = path.join(dir, 'rows.sql');
      fs.writeFileSync(
        rowsSql,
        `\\copy (SELECT y.id, y.cpr, y.dato, y.ydelseskode, y.tillaegskoder, y.hjemme, p.code_type, p.code_value FROM sei.ydelse y LEFT JOIN sei.place p ON p.id = y.place_id WHERE y.dato >= '${month}-01' AND y.dato <= '${month}-31' AND y.deleted_at IS NULL ORDER BY y.cpr, y.dato, y.id) TO '${path.join(dir, 'rows.tsv')}'`,
      );
      const exported = await pairedRuns(
        EXPORT_RUNS,
        async (i) => {
          const db = new PgDatabase(cluster.url(exportDb)) as unknown as DB;
          const ms = await timed(() => exportMonth(db, month, header, 'bench', new Date(), '2026-12-31', { target: path.join(dir, `sei-${i}.xml`) }));
          db.close();
          // the same month again next time, as a first export
          cluster.psql(exportDb, 'DELETE FROM sei.sei_sent_month; DELETE FROM sei.sei_export');
          return ms;
        },
        () => timed(() => psqlFile(exportDb, rowsSql)),
      );
      console.log(
        `SEI-eksport af en måned med ${count.toLocaleString('da-DK')} ydelser fra PostgreSQL: median ${s(exported.ours)}; ` +
          `psql, der skriver de samme rækker, ${s(exported.plain)}; forhold ${exported.ratio.toFixed(2)}× (median af ${EXPORT_RUNS} parrede kørsler; mål: højst 2×)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
