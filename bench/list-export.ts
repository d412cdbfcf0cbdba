// Issue 15's figure: the whole ydelser list (1,000,000 rows) to CSV and to an Excel workbook, against `sqlite3 -csv`
// writing the same rows in the same order from the same file (paired runs, median of the ratios), with the growth of
// what JavaScript holds while it writes (heap and buffers; the workbook streams: it must not hold the rows).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeYdelseList } from '../backend/services/lists/ydelse-export.ts';
import type { DB } from '../db/open.ts';
import { pairedRuns, timed } from './paired.ts';

const SQL = `SELECT y.dato, y.cpr, y.ydelseskode, y.tillaegskoder, p.name, p.code_type || ' ' || p.code_value, y.hjemme, y.start_time,
  y.end_time, y.contact_class, y.ekstern_id, y.forloeb_id, y.id FROM ydelse y LEFT JOIN place p ON p.id = y.place_id
  WHERE y.deleted_at IS NULL ORDER BY y.dato DESC, y.id DESC`;

export async function benchListExport(db: DB, dbFile: string, dir: string, rows: number, today: string): Promise<void> {
  if (spawnSync('sqlite3', ['-version']).status !== 0) {
    console.log('Listen til Excel/CSV: sqlite3 findes ikke her; sammenligningen springes over.');
    return;
  }
  const plain = () => timed(() => spawnSync('sh', ['-c', `sqlite3 -csv "${dbFile}" "${SQL.replace(/\s+/g, ' ')}" > "${path.join(dir, 'plain.csv')}"`]));
  for (const [format, runs] of [
    ['csv', 3],
    ['xlsx', 1],
  ] as const) {
    let peak = 0;
    const file = path.join(dir, `liste.${format}`);
    const r = await pairedRuns(
      runs,
      async () => {
        // what JavaScript holds (its heap and its buffers): the rows, and what waits to be compressed or written
        const held = () => {
          const m = process.memoryUsage();
          return m.heapUsed + m.arrayBuffers;
        };
        const base = held();
        const watch = setInterval(() => {
          peak = Math.max(peak, held() - base);
        }, 50);
        try {
          return await timed(() => writeYdelseList(db, {}, format, file, today));
        } finally {
          clearInterval(watch);
        }
      },
      plain,
    );
    console.log(
      `Ydelseslisten (${rows.toLocaleString('da-DK')} rækker) til ${format === 'csv' ? 'CSV' : 'Excel (.xlsx)'}: ${(r.ours / 1000).toFixed(1)} s, ` +
        `${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB; sqlite3 -csv af samme rækker ${(r.plain / 1000).toFixed(1)} s; forhold ${r.ratio.toFixed(2)}× ` +
        `(median af ${runs} parrede ${runs === 1 ? 'kørsel' : 'kørsler'}); JavaScript-hukommelsen (heap og buffere) voksede højst ${(peak / 2 ** 20).toFixed(0)} MB`,
    );
  }
}
