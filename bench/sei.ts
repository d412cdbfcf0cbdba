// Issue 4's figures: export of a month with 100,000 ydelser from a database of 1,000,000 (under 1 s), and import of
// that file into an empty database (under 2 s). The database is built here; the timed part runs in a fresh process
// (bench/sei-timed.ts), as the app or the command line would, not in a heap that still holds the million-row import.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open.ts';
import { analyseYdelseCsv, writeYdelseCsv } from '../backend/services/ydelse-csv-import.ts';
import { ydelseCsv } from './fixtures.ts';
import { settle } from './settle.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

async function build(file: string): Promise<void> {
  const { db } = openDatabase(file);
  // rows spread evenly over 10 months: every month has a tenth of them
  const a = await analyseYdelseCsv(db, Buffer.from(ydelseCsv(ROWS, 50, 10)), 'ydelser.csv', '2026-12-31');
  writeYdelseCsv(db, a, { skipInvalid: false, actor: 'bench' });
  db.close();
}

export async function benchSei(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-'));
  const file = path.join(dir, 'stor.sqlite');
  await build(file);
  settle(file);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'sei-timed.ts'), file, '2026-03', String(ROWS)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(r.stdout);
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error('bench/sei-timed.ts failed');
}
