// The timed part of issue 16's "same check repeated" row, in a fresh process started with --expose-gc: the national
// file read and one kommune checked, five times in one backend (SorJobs, as the window and browser mode use it); the
// heap after each, once garbage is collected. Flat means a check keeps nothing of the files before it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SorJobs } from '../backend/services/sor/jobs.ts';
import { openDatabase } from '../db/open.ts';

const file = process.argv[2]!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-sor-repeat-'));
const { db } = openDatabase(path.join(dir, 'db.sqlite'));
const jobs = new SorJobs(db);
const size = fs.statSync(file).size;
const heaps: string[] = [];
for (let i = 0; i < 5; i++) {
  const job = jobs.read({ name: 'Sor.xml', path: file, size });
  while (jobs.get(job.id).state === 'laeser') await new Promise((r) => setTimeout(r, 50));
  const kommune = jobs.owners(job.id).find((o) => o.kommune)!;
  jobs.check(job.id, kommune.sorId, null, 'bench');
  (globalThis as { gc?: () => void }).gc?.();
  heaps.push(`${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}
db.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`Samme SOR-kontrol 5 gange i én backend (fil læst, en kommune kontrolleret), heap efter hver: ${heaps.join(', ')} (mål: flad)`);
