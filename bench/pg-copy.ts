// Issue 17's bulk figure for moving in: `db copy` of a desktop database with BENCH_ROWS ydelser (default 1,000,000)
// into a fresh PostgreSQL database, against `psql \copy` loading the same rows (every table, dumped by the server itself
// from the first copy) into another fresh database of the same schema, in one transaction. Paired runs, median of
// the ratios. A PostgreSQL cluster of its own, as the tests start it (test/pg-cluster.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyseYdelseCsv, writeYdelseCsv } from '../backend/services/ydelse-csv-import.ts';
import { copySqliteToPg } from '../db/pg/copy.ts';
import { openDatabase } from '../db/open.ts';
import { pairedRuns, timed } from './paired.ts';
import { withPgServer } from './pg-server.ts';
import { ydelseCsv } from './fixtures.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = 3;

export async function benchPgCopy(): Promise<void> {
  await withPgServer(async ({ cluster, fresh, psqlFile }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-pg-'));
    try {
      const file = path.join(dir, 'pc.sqlite');
      const { db } = openDatabase(file);
      writeYdelseCsv(db, await analyseYdelseCsv(db, Buffer.from(ydelseCsv(ROWS)), 'ydelser.csv', '2026-12-31'), { skipInvalid: false, actor: 'bench' });
      db.close();
      const load = path.join(dir, 'load.sql');
      const m = await pairedRuns(
        RUNS,
        async () => {
          const a = await fresh();
          let r: Awaited<ReturnType<typeof copySqliteToPg>> | undefined;
          const ms = await timed(async () => (r = await copySqliteToPg(file, cluster.url(a))));
          if (!fs.existsSync(load)) {
            // the same rows as the server writes them, table by table in the order db copy used
            const dump = path.join(dir, 'dump.sql');
            fs.writeFileSync(dump, r!.tables.map((x) => `\\copy sei.${x.table} TO '${path.join(dir, `${x.table}.tsv`)}'`).join('\n'));
            psqlFile(a, dump);
            fs.writeFileSync(
              load,
              ['DELETE FROM sei.app_meta;', ...r!.tables.map((x) => `\\copy sei.${x.table} FROM '${path.join(dir, `${x.table}.tsv`)}'`)].join('\n'),
            );
          }
          return ms;
        },
        async () => {
          const b = await fresh();
          return timed(() => psqlFile(b, load));
        },
      );
      console.log(
        `db copy af ${ROWS.toLocaleString('da-DK')} ydelser til PostgreSQL: median ${(m.ours / 1000).toFixed(2)} s; ` +
          `psql \\copy af de samme rækker ${(m.plain / 1000).toFixed(2)} s; forhold ${m.ratio.toFixed(2)}× (median af ${RUNS} parrede kørsler)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
