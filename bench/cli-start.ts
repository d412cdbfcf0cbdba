// How long the command line takes to start, against Node starting and doing nothing (`node -e 0`) in the same run:
// paired runs, median. Through the launcher bin/sei-genoptraening, as the README tells users to run it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = 15;
const NODE = path.resolve('node_modules/node/bin/node');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return performance.now() - t;
}

export async function benchCliStart(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-cli-'));
  const db = path.join(dir, 'db.sqlite');
  timed('bin/sei-genoptraening', ['--db', db, '--ny', 'places', 'list']);
  const base: number[] = [];
  const version: number[] = [];
  const places: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(timed(NODE, ['-e', '0']));
    version.push(timed('bin/sei-genoptraening', ['--version']));
    places.push(timed('bin/sei-genoptraening', ['--db', db, 'places', 'list']));
  }
  const b = median(base);
  console.log(`node -e 0: median ${b.toFixed(0)} ms over ${RUNS} parrede kørsler`);
  console.log(`sei-genoptraening --version: ${median(version).toFixed(0)} ms (${(median(version) / b).toFixed(2)}× node -e 0; mål: højst 2×)`);
  console.log(`sei-genoptraening places list (åbner databasen): ${median(places).toFixed(0)} ms (${(median(places) / b).toFixed(2)}× node -e 0)`);
  fs.rmSync(dir, { recursive: true, force: true });
}
