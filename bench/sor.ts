// Issue 6's figure: the check of a national-size extract must take at most 3 times as long as
// `xmllint --noout --stream` on the same file, with a peak memory under 500 MB. The check runs in a child process so
// its peak memory (maximum resident set) is its own.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { settle } from './settle.ts';
import { generateSor } from './sor-generate.ts';
import { benchSorWindow } from './sor-window.ts';

export async function benchSor(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-sor-bench-'));
  const file = path.join(dir, 'Sor.xml');
  const size = await generateSor(file);
  settle(file);
  const types = path.join(dir, 'typer.json');
  fs.writeFileSync(
    types,
    JSON.stringify({
      permanentPlejebolig: ['990000000000101'],
      midlertidigPlejebolig: ['990000000000102'],
      helhedsplejeleverandoer: ['990000000000103'],
      helhedsplejeleverandoersted: ['990000000000104'],
    }),
  );
  console.log(`Genereret SOR-udtræk: ${(size / 2 ** 20).toFixed(0)} MB (100 kommuner, 60.000 private ejere)`);

  let t = performance.now();
  const x = spawnSync('xmllint', ['--noout', '--stream', file], { encoding: 'utf8' });
  const tXml = performance.now() - t;
  if (x.error || x.status !== 0) {
    console.log(`xmllint kunne ikke køre (${x.error?.message ?? x.stderr.slice(0, 200)}); installér libxml2-utils.`);
  }
  t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, 'bin/sei-genoptraening.mjs', 'sor-check', file, '--types', types, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const tCheck = performance.now() - t;
  if (r.status !== 0) throw new Error(`sor-check failed: ${r.stderr.slice(0, 500)}`);
  const peakKb = Number(r.stderr.trim().split('\n').pop());
  const result = JSON.parse(r.stdout) as { units: number; findings: unknown[] };
  console.log(`xmllint --noout --stream: ${(tXml / 1000).toFixed(1)} s`);
  console.log(
    `sor-check (hele filen, ${result.units.toLocaleString('da-DK')} enheder, ${result.findings.length} fund): ${(tCheck / 1000).toFixed(1)} s, ` +
      `forhold ${(tCheck / tXml).toFixed(2)} (mål: højst 3), højeste hukommelse ${(peakKb / 1024).toFixed(0)} MB (mål: under 500 MB)`,
  );
  const repeat = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'sor-repeat.ts'), file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (repeat.status !== 0) throw new Error('bench/sor-repeat.ts failed');
  process.stdout.write(repeat.stdout);
  await benchSorWindow(file, types);
  fs.rmSync(dir, { recursive: true, force: true });
}
