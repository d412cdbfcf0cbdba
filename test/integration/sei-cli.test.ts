// The command line of the SEI file: sei-export, sei-import and deadlines, with their exit codes and JSON.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { dbFingerprint, tmpDbPath, tmpDir } from '../helpers.ts';
import { openDatabase } from '../../db/open.ts';
import { updateYdelse } from '../../db/ydelser.ts';
import { hasXmllint, seed, xmllint } from '../sei-fixtures.ts';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const WHO = ['--kommune', '0751', '--reporter-name', 'Anna Ærbødig', '--reporter-email', 'anna@aarhus.dk'];

describe('sei-export, sei-import and deadlines on the command line', () => {
  test('sei-export writes the file and prints records, errors, warnings, file and SHA-256', () => {
    const { db, file } = seed();
    db.close();
    const out = path.join(tmpDir(), 'nov.xml');
    const r = cli(['sei-export', '--month', '2026-11', '--db', file, '--out', out, ...WHO, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { records: number; errors: number; warnings: number; file: string; sha256: string };
    assert.equal(j.records, 3);
    assert.equal(j.errors, 1, 'the ydelse at a place without code');
    assert.ok(j.warnings > 0);
    assert.equal(j.file, out);
    assert.equal(j.sha256, crypto.createHash('sha256').update(fs.readFileSync(out)).digest('hex'));
    if (hasXmllint) assert.ok(xmllint(fs.readFileSync(out, 'utf8')).ok);
    // again: nothing new -> exit 1, no file
    const again = cli(['sei-export', '--month', '2026-11', '--db', file, '--out', `${out}.2`, ...WHO, '--format', 'json']);
    assert.equal(again.code, 1);
    assert.deepEqual(JSON.parse(again.out), { records: 0, errors: 1, warnings: j.warnings, file: null, sha256: null });
    assert.equal(fs.existsSync(`${out}.2`), false);
  });

  test('sei-export to a folder that does not exist: exit 2, nothing recorded, and the next export still has everything', () => {
    const { db, file } = seed();
    db.close();
    const dir = tmpDir();
    const missing = path.join(dir, 'findes-ikke', 'nov.xml');
    const r = cli(['sei-export', '--month', '2026-11', '--db', file, '--out', missing, ...WHO]);
    assert.equal(r.code, 2);
    assert.match(r.err, /nov\.xml kunne ikke gemmes i .*findes-ikke: mappen findes ikke\. Intet er gemt\./);
    const out = path.join(dir, 'nov.xml');
    const ok = cli(['sei-export', '--month', '2026-11', '--db', file, '--out', out, ...WHO, '--format', 'json']);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(JSON.parse(ok.out).records, 3, 'the failed export sent nothing');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['nov.xml'], 'no temporary file is left behind');
    if (process.platform !== 'win32') assert.equal(fs.statSync(out).mode & 0o777, 0o600, 'the file (CPR numbers) is readable by its owner only');
  });

  test('sei-export --again gives a kept export byte for byte; an unknown one is refused', () => {
    const { db, file } = seed();
    db.close();
    const dir = tmpDir();
    const first = path.join(dir, 'nov.xml');
    const j = JSON.parse(cli(['sei-export', '--month', '2026-11', '--db', file, '--out', first, ...WHO, '--format', 'json']).out) as { sha256: string };
    const dl = cli(['deadlines', '--db', file, '--date', '2026-12-01', '--format', 'json']);
    const id = (JSON.parse(dl.out) as { months: { month: string; lastExportId: number | null }[] }).months.find((m) => m.month === '2026-11')!.lastExportId;
    const again = path.join(dir, 'igen.xml');
    const r = cli(['sei-export', '--again', String(id), '--out', again, '--db', file, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(fs.readFileSync(again), fs.readFileSync(first));
    assert.equal(JSON.parse(r.out).sha256, j.sha256);
    const unknown = cli(['sei-export', '--again', '99', '--out', again, '--db', file]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Eksport nr\. 99 findes ikke/);
    assert.equal(cli(['sei-export', '--again', 'sidste', '--out', again, '--db', file]).code, 2);
  });

  test("sei-import --dry-run shows the conflicts and writes nothing; a plain import keeps local, --take-file takes the file's", () => {
    const { db, file, ya } = seed();
    db.close();
    const dir = tmpDir();
    const out = path.join(dir, 'nov.xml');
    assert.equal(cli(['sei-export', '--month', '2026-11', '--db', file, '--out', out, ...WHO]).code, 0);
    // an edit after the file was made
    const xml = fs.readFileSync(out, 'utf8').replace(/<Dannet>[^<]*<\/Dannet>/, '<Dannet>2026-11-20T09:00:00Z</Dannet>');
    fs.writeFileSync(out, xml);
    const { db: again } = openDatabase(file);
    updateYdelse(
      again,
      ya[0]!.id,
      '2026-11-03',
      { ydelseskode: 'BLNB2', tillaegskoder: ['ZPW00900'], placeId: ya[0]!.placeId, hjemme: false },
      'bo',
      '2026-12-01',
    );
    const before = dbFingerprint(again);
    again.close();
    const dry = cli(['sei-import', out, '--db', file, '--ny', '--dry-run', '--format', 'json']);
    assert.equal(dry.code, 0, dry.err);
    const plan = JSON.parse(dry.out) as { dryRun: boolean; counts: Record<string, number>; records: { kind: string; changes: unknown[] }[] };
    assert.equal(plan.dryRun, true);
    assert.equal(plan.counts.konflikt, 1);
    assert.deepEqual(plan.records.find((r) => r.kind === 'konflikt')!.changes, [{ field: 'Ydelseskode', local: 'BLNB2', file: 'BLNB1' }]);
    const text = cli(['sei-import', out, '--db', file, '--ny', '--dry-run']);
    assert.match(text.out, /1 konflikt\. Intet er skrevet\.[\s\S]*Ydelseskode: her BLNB2, i filen BLNB1/);
    const check = openDatabase(file).db;
    assert.equal(dbFingerprint(check), before, 'the dry run wrote nothing');
    check.close();
    const plain = cli(['sei-import', out, '--db', file, '--ny']);
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /1 konflikt: den lokale udgave er beholdt/);
    const taken = cli(['sei-import', out, '--db', file, '--ny', '--take-file', '--format', 'json']);
    assert.equal(JSON.parse(taken.out).tookFile, 1);
  });

  test('sei-export: bad usage is exit 2 with a Danish message', () => {
    const file = tmpDbPath();
    const out = path.join(tmpDir(), 'x.xml');
    const missing = cli(['sei-export', '--month', '2026-11', '--db', file, '--out', out, ...WHO]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.err,
      /Databasen .* findes ikke\. Angiv den med --db FIL, eller opret en ny med --ny\./,
      'no empty database is made for a mistyped path',
    );
    assert.equal(fs.existsSync(file), false);
    openDatabase(file).db.close();
    assert.match(cli(['sei-export', '--db', file, '--out', out, ...WHO]).err, /Angiv måneden/);
    assert.equal(cli(['sei-export', '--month', '2026-13', '--db', file, '--out', out, ...WHO]).code, 2);
    const noKommune = cli(['sei-export', '--month', '2026-11', '--db', file, '--out', out]);
    assert.equal(noKommune.code, 2);
    assert.match(noKommune.err, /Kommunekoden mangler/);
  });

  test('sei-import reads an export into another database; a broken file is exit 1', () => {
    const { db, file } = seed();
    db.close();
    const out = path.join(tmpDir(), 'nov.xml');
    assert.equal(cli(['sei-export', '--month', '2026-11', '--db', file, '--out', out, ...WHO]).code, 0);
    const other = tmpDbPath();
    const r = cli(['sei-import', out, '--db', other, '--ny', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), {
      imported: true,
      month: '2026-11',
      records: 3,
      created: 3,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
      placesCreated: 2,
      keptLocal: 0,
      tookFile: 0,
      conflicts: [],
    });
    fs.writeFileSync(`${out}.bad`, fs.readFileSync(out, 'utf8').slice(0, 500));
    const bad = cli(['sei-import', `${out}.bad`, '--db', other, '--ny']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /slutter for tidligt/);
    assert.equal(cli(['sei-import', path.join(tmpDir(), 'findes-ikke.xml'), '--db', other, '--ny']).code, 2);
  });

  test("deadlines --date prints each month's state as JSON", () => {
    const { db, file } = seed();
    db.close();
    const r = cli(['deadlines', '--db', file, '--date', '2026-12-11', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { date: string; months: { month: string; state: string; deadline: string; blocked: number; blockers: string[] }[] };
    assert.equal(j.date, '2026-12-11');
    const nov = j.months.find((m) => m.month === '2026-11')!;
    assert.deepEqual([nov.state, nov.deadline, nov.blocked], ['overskredet', '2026-12-10', 1]);
    assert.deepEqual(nov.blockers, ['1 ydelse på steder uden kode (SOR-kode skal søges)']);
    assert.equal(j.months[0]!.month, '2026-12', 'newest first');
    assert.equal(j.months[0]!.state, 'aaben');
    assert.equal(cli(['deadlines', '--db', file, '--date', '11-12-2026']).code, 2);
  });
});
