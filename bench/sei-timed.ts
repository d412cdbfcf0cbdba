// The timed part of bench/sei.ts, in a fresh process (as the app or the command line would run it): export a month
// of DBFILE, then import that file into an empty database.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { exportMonth, planExport } from '../backend/services/sei-export.ts';
import { dataStamp } from '../db/busy.ts';
import { applySeiFile, parseSeiFile } from '../backend/services/sei-import.ts';

const [dbFile, month, rows] = process.argv.slice(2) as [string, string, string];
const HEADER = { kommunekode: '0751', reporterName: 'Bench', reporterEmail: 'bench@example.dk' };
const { db } = openDatabase(dbFile);
const inMonth = db.prepare('SELECT count(*) FROM ydelse WHERE dato BETWEEN ? AND ?').pluck().get(`${month}-01`, `${month}-31`) as number;
let t = performance.now();
const r = exportMonth(db, month, HEADER, 'bench', new Date(), '2026-12-31');
const file = path.join(path.dirname(dbFile), r.fileName);
fs.writeFileSync(file, r.bytes);
const tExport = performance.now() - t;
console.log(
  `Eksport af en måned med ${inMonth.toLocaleString('da-DK')} ydelser fra en database med ${Number(rows).toLocaleString('da-DK')}, fil skrevet: ` +
    `${(tExport / 1000).toFixed(2)} s, ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB (mål: under 1 s)`,
);
const { db: empty } = openDatabase(path.join(path.dirname(dbFile), 'tom.sqlite'));
t = performance.now();
const parsed = parseSeiFile(fs.readFileSync(file), r.fileName);
const tParse = performance.now() - t;
const res = applySeiFile(empty, parsed, r.fileName, 'bench');
const tImport = performance.now() - t;
if (res.created !== r.plan.records.length) throw new Error(`imported ${res.created} of ${r.plan.records.length}`);
console.log(
  `Import af den fil i en tom database: ${(tImport / 1000).toFixed(2)} s (læsning og kontrol ${(tParse / 1000).toFixed(2)} s, ` +
    `skrivning ${((tImport - tParse) / 1000).toFixed(2)} s; mål: under 2 s)`,
);

// Where an export's time goes, on another month of the same size (in this process, after the first export)
const other = `${month.slice(0, 5)}${String(Number(month.slice(5)) + 1).padStart(2, '0')}`;
t = performance.now();
const plan = planExport(db, other, '2026-12-31');
const tPlan = performance.now() - t;
t = performance.now();
exportMonth(db, other, HEADER, 'bench', new Date(), '2026-12-31', { planned: { plan, stamp: dataStamp(db) } });
const tRest = performance.now() - t;
console.log(
  `Eksportens dele (${other}, ${plan.records.length.toLocaleString('da-DK')} ydelser): rækker læst og kontrolleret ${(tPlan / 1000).toFixed(2)} s; ` +
    `XML, SHA-256 og det sendte gemt ${(tRest / 1000).toFixed(2)} s`,
);
