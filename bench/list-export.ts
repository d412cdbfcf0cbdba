// Issue 15's figure: the whole ydelser list (1,000,000 rows) to CSV and to an Excel workbook by `ydelser list --out`,
// against `sqlite3 -csv` writing the same rows in the same order from the same file (paired runs, median of the
// ratios), with the command's peak resident size under a 200 MB heap (the files stream: they must not hold the rows).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pairedRuns, timed } from './paired.ts';
import { dayTextSql } from '../db/ydelse-values.ts';

// the date and CPR number as text, as the list shows them (the file keeps them as integers: db/ydelse-values.ts)
const SQL = `SELECT ${dayTextSql({}, 'y.dato')}, printf('%010d', y.cpr), y.ydelseskode, y.tillaegskoder, p.name, p.code_type || ' ' || p.code_value, y.hjemme, y.start_time,
  y.end_time, y.contact_class, y.ekstern_id, y.forloeb_id, y.id FROM ydelse y LEFT JOIN place p ON p.id = y.place_id
  WHERE y.deleted_at IS NULL ORDER BY y.dato DESC, y.id DESC`;

export async function benchListExport(dbFile: string, dir: string, rows: number): Promise<void> {
  if (spawnSync('sqlite3', ['-version']).status !== 0) {
    console.log('Listen til Excel/CSV: sqlite3 findes ikke her; sammenligningen springes over.');
    return;
  }
  const plain = () => timed(() => spawnSync('sh', ['-c', `sqlite3 -csv "${dbFile}" "${SQL.replace(/\s+/g, ' ')}" > "${path.join(dir, 'plain.csv')}"`]));
  for (const [format, runs] of [
    ['csv', 3],
    ['xlsx', 1],
  ] as const) {
    // the command as shipped, in a process of its own with a 200 MB heap: its peak resident size is the export's
    let peakKb = 0;
    const file = path.join(dir, `liste.${format}`);
    const r = await pairedRuns(
      runs,
      () =>
        timed(() => {
          const run = spawnSync(
            '/usr/bin/time',
            ['-f', '%M', process.execPath, 'bin/sei-genoptraening.mjs', 'ydelser', 'list', '--db', dbFile, '--format', format, '--out', file],
            { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=200' } },
          );
          if (run.status !== 0) throw new Error(`ydelser list failed: ${run.stderr.slice(0, 500)}`);
          peakKb = Math.max(peakKb, Number(run.stderr.trim().split('\n').pop()));
        }),
      plain,
    );
    console.log(
      `Ydelseslisten (${rows.toLocaleString('da-DK')} rækker) til ${format === 'csv' ? 'CSV' : 'Excel (.xlsx)'} med ydelser list: ${(r.ours / 1000).toFixed(1)} s, ` +
        `${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB; sqlite3 -csv af samme rækker ${(r.plain / 1000).toFixed(1)} s; forhold ${r.ratio.toFixed(2)}× ` +
        `(median af ${runs} parrede ${runs === 1 ? 'kørsel' : 'kørsler'}); højeste hukommelse ${(peakKb / 1024).toFixed(0)} MB med en heap på højst 200 MB`,
    );
  }
}
