// Nothing lost when the program is killed: the command line is killed (SIGKILL, in a child process) at many points of
// an export, of imports, of a backup and of a restore. Afterwards the database passes integrity_check and is as it was before or as it was meant
// to be after, and a month is never recorded as exported without its complete file kept (written and stored).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { ydelseCsv } from '../../bench/fixtures.ts';
import { openDatabase } from '../../db/open.ts';
import { inspectBackup } from '../../db/backup.ts';
import { tmpDir } from '../helpers.ts';

const BIN = 'bin/sei-genoptraening.mjs';
const WHO = ['--kommune', '0751', '--reporter-name', 'Anna Ærbødig', '--reporter-email', 'anna@aarhus.dk'];
const POINTS = 10;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs the command and kills it after `ms` (if it is still running); resolves when it has ended. */
function runKilledAfter(args: string[], ms: number): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ killed });
    });
  });
}

function timed(args: string[]): number {
  const t = performance.now();
  const r = cli(args);
  assert.equal(r.code, 0, r.err);
  return performance.now() - t;
}

/** A copy of a closed database (its file only: a closed database has no WAL left). */
function copyDb(from: string, dir: string, name: string): string {
  const to = path.join(dir, name);
  fs.copyFileSync(from, to);
  return to;
}

function open(file: string) {
  const db = new Database(file, { readonly: false });
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `${file} passes integrity_check`);
  return db;
}

const counts = (db: Database.Database) =>
  db
    .prepare('SELECT (SELECT count(*) FROM ydelse) AS ydelser, (SELECT count(*) FROM forloeb) AS forloeb, (SELECT count(*) FROM place) AS steder')
    .get() as Record<string, number>;

/** Kill points spread over the command's whole run, from its start to just past its end. */
const points = (total: number) => Array.from({ length: POINTS }, (_, i) => Math.round((total * (i + 1)) / POINTS));

describe('killed at any point (SIGKILL), nothing is half done', () => {
  const dir = tmpDir('sei-kill-');
  const seeded = path.join(dir, 'seeded.sqlite');
  const csv = path.join(dir, 'ydelser.csv');

  before(() => {
    fs.writeFileSync(csv, ydelseCsv(20_000, 20, 1)); // one month, 20,000 ydelser
    const r = cli(['import-ydelser', csv, '--db', seeded, '--ny', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
  });

  test('an export: the month is recorded as exported only with its whole file written and kept', async () => {
    const probe = copyDb(seeded, dir, 'probe.sqlite');
    const total = timed(['sei-export', '--month', '2026-01', '--db', probe, '--out', path.join(dir, 'probe.xml'), ...WHO]);
    let recorded = 0;
    let notRecorded = 0;
    for (const [i, ms] of points(total).entries()) {
      const file = copyDb(seeded, dir, `export-${i}.sqlite`);
      const out = path.join(dir, `export-${i}.xml`);
      await runKilledAfter(['sei-export', '--month', '2026-01', '--db', file, '--out', out, ...WHO], ms);
      const db = open(file);
      const rows = db.prepare('SELECT sha256, file FROM sei_export WHERE month = ?').all('2026-01') as { sha256: string; file: Buffer }[];
      if (rows.length === 1) {
        recorded++;
        const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
        assert.ok(fs.existsSync(out), `kill ${i}: recorded, so the file exists`);
        assert.equal(sha(fs.readFileSync(out)), rows[0]!.sha256, `kill ${i}: the file on disk is the whole file recorded`);
        assert.equal(sha(zlib.gunzipSync(rows[0]!.file)), rows[0]!.sha256, `kill ${i}: the file kept in the database is whole`);
      } else {
        notRecorded++;
        assert.equal(rows.length, 0);
        assert.equal(db.prepare('SELECT count(*) FROM sei_sent_month').pluck().get(), 0, `kill ${i}: nothing recorded as sent`);
        if (fs.existsSync(out)) {
          // renamed into place just before the kill, but not recorded: it must at least be a whole file
          assert.match(fs.readFileSync(out, 'utf8'), /<\/[A-Za-z]+>\s*$/);
        }
      }
      db.close();
    }
    assert.ok(recorded + notRecorded === POINTS);
    assert.ok(notRecorded > 0, 'some kills came before the end');
  });

  test('a CSV import: all ydelser of the file or none', async () => {
    const probeFile = copyDb(seeded, dir, 'probe-import.sqlite');
    const more = path.join(dir, 'flere.csv');
    fs.writeFileSync(more, ydelseCsv(20_000, 20, 1).replaceAll(';2026-01-', ';2026-02-').replaceAll(';X', ';Y'));
    const beforeCounts = counts(open(probeFile));
    const total = timed(['import-ydelser', more, '--db', probeFile, '--ny']);
    const afterCounts = counts(open(probeFile));
    assert.notDeepEqual(afterCounts, beforeCounts);
    for (const [i, ms] of points(total).entries()) {
      const file = copyDb(seeded, dir, `import-${i}.sqlite`);
      await runKilledAfter(['import-ydelser', more, '--db', file, '--ny'], ms);
      const got = counts(open(file));
      assert.ok(
        JSON.stringify(got) === JSON.stringify(beforeCounts) || JSON.stringify(got) === JSON.stringify(afterCounts),
        `kill ${i}: ${JSON.stringify(got)}`,
      );
    }
  });

  test('an SEI import: all records of the file or none', async () => {
    const xml = path.join(dir, 'jan.xml');
    assert.equal(cli(['sei-export', '--month', '2026-01', '--db', copyDb(seeded, dir, 'src.sqlite'), '--out', xml, ...WHO]).code, 0);
    const empty = path.join(dir, 'empty.sqlite');
    openDatabase(empty).db.close();
    const probe = copyDb(empty, dir, 'probe-sei.sqlite');
    const beforeCounts = counts(open(probe));
    const total = timed(['sei-import', xml, '--db', probe, '--ny']);
    const afterCounts = counts(open(probe));
    for (const [i, ms] of points(total).entries()) {
      const file = copyDb(empty, dir, `sei-${i}.sqlite`);
      await runKilledAfter(['sei-import', xml, '--db', file, '--ny'], ms);
      const got = counts(open(file));
      assert.ok(
        JSON.stringify(got) === JSON.stringify(beforeCounts) || JSON.stringify(got) === JSON.stringify(afterCounts),
        `kill ${i}: ${JSON.stringify(got)}`,
      );
    }
  });

  test('a backup: the copy is whole or not there, and the database is untouched', async () => {
    const probe = copyDb(seeded, dir, 'probe-backup.sqlite');
    const total = timed(['backup', '--out', path.join(dir, 'probe-kopi.sqlite'), '--db', probe]);
    for (const [i, ms] of points(total).entries()) {
      const file = copyDb(seeded, dir, `backup-src-${i}.sqlite`);
      const out = path.join(dir, `backup-${i}.sqlite`);
      await runKilledAfter(['backup', '--out', out, '--db', file], ms);
      open(file).close();
      if (fs.existsSync(out)) assert.equal(inspectBackup(out).ydelser, 20_000, `kill ${i}: a copy that exists is whole`);
    }
  });

  test('a restore: the database is as it was or as the copy, never half', async () => {
    const bigger = copyDb(seeded, dir, 'bigger.sqlite');
    const more = path.join(dir, 'feb.csv');
    fs.writeFileSync(more, ydelseCsv(20_000, 20, 1).replaceAll(';2026-01-', ';2026-02-').replaceAll(';X', ';Z'));
    assert.equal(cli(['import-ydelser', more, '--db', bigger, '--ny']).code, 0);
    const probe = copyDb(seeded, dir, 'probe-restore.sqlite');
    const beforeCounts = counts(open(probe));
    const total = timed(['restore', bigger, '--yes', '--db', probe, '--ny']);
    const afterCounts = counts(open(probe));
    assert.equal(afterCounts.ydelser, 40_000);
    for (const [i, ms] of points(total).entries()) {
      const file = copyDb(seeded, dir, `restore-${i}.sqlite`);
      await runKilledAfter(['restore', bigger, '--yes', '--db', file, '--ny'], ms);
      const got = counts(open(file));
      assert.ok(
        JSON.stringify(got) === JSON.stringify(beforeCounts) || JSON.stringify(got) === JSON.stringify(afterCounts),
        `kill ${i}: ${JSON.stringify(got)}`,
      );
    }
  });
});
