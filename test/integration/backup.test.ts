// Backups a user can see: a copy taken while the database is in use, checked before a restore (ours, whole, not
// newer), what it holds shown, the replaced database kept as a copy, an older copy brought up to date, and the daily
// automatic copy keeping the last N.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { automaticBackups, backupDir, backupTo, dailyBackup, inspectBackup, restoreFrom, setBackupDir, setBackupKeep } from '../../db/backup.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { latestVersion, openDatabase } from '../../db/open.ts';
import { createPlace, listPlaces } from '../../db/places.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { placeInput, tmpDir } from '../helpers.ts';

const place = (name: string) => PlaceInput.parse(placeInput({ name, code: null }));

describe('backups', () => {
  test('a copy, then changes, then a restore: the database is the copy again, and what it replaced is kept', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'db.sqlite');
    const { db } = openDatabase(file);
    createPlace(db, place('Center Nord'), 't');
    const copy = path.join(dir, 'kopi.sqlite');
    await backupTo(db, copy);
    createPlace(db, place('Center Syd'), 't');
    const info = inspectBackup(copy);
    assert.deepEqual([info.places, info.ydelser, info.forloeb, info.lastExport, info.schemaVersion], [1, 0, 0, null, latestVersion()]);
    if (process.platform !== 'win32') assert.equal(fs.statSync(copy).mode & 0o777, 0o600);
    const r = await restoreFrom(db, file, copy);
    assert.deepEqual(
      listPlaces(db).map((p) => p.name),
      ['Center Nord'],
      'the open database now holds the copy',
    );
    assert.deepEqual(
      openDatabase(r.replacedCopy).db.prepare('SELECT name FROM place ORDER BY name').pluck().all(),
      ['Center Nord', 'Center Syd'],
      'the replaced database is kept',
    );
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  });

  test('a copy from an older version is brought up to date as it is restored', async () => {
    const dir = tmpDir();
    const old = path.join(dir, 'gammel.sqlite');
    const o = openDatabase(old, { migrations: MIGRATIONS.slice(0, 5) }).db;
    o.prepare(
      "INSERT INTO place (name, type, owner, search_text, created_at, updated_at) VALUES ('Gamle Center', 'andet', 'kommunal', 'gamle center', '2025-01-01', '2025-01-01')",
    ).run();
    o.close();
    const file = path.join(dir, 'db.sqlite');
    const { db } = openDatabase(file);
    await restoreFrom(db, file, old);
    assert.equal(db.pragma('user_version', { simple: true }), latestVersion());
    assert.deepEqual(
      listPlaces(db).map((p) => p.name),
      ['Gamle Center'],
    );
    db.close();
  });

  test('refused with a Danish message, nothing changed: not ours, not SQLite, from a newer version, damaged', async () => {
    const dir = tmpDir();
    const other = path.join(dir, 'andet.sqlite');
    spawnSync('sqlite3', [other, 'CREATE TABLE t (x)']);
    fs.writeFileSync(path.join(dir, 'tekst.sqlite'), 'ikke en database '.repeat(100));
    const newer = path.join(dir, 'nyere.sqlite');
    const n = openDatabase(newer).db;
    n.pragma(`user_version = ${latestVersion() + 1}`);
    n.close();
    const damaged = path.join(dir, 'beskadiget.sqlite');
    const d = openDatabase(damaged).db;
    for (let i = 0; i < 300; i++) createPlace(d, place(`Sted ${i}`), 't');
    d.close();
    const bytes = fs.readFileSync(damaged);
    bytes.fill(0x55, 8192, 12288); // overwrite a page in the middle
    fs.writeFileSync(damaged, bytes);
    if (fs.existsSync(other)) assert.throws(() => inspectBackup(other), /er ikke en sikkerhedskopi af SEI Genoptræning/);
    assert.throws(() => inspectBackup(path.join(dir, 'tekst.sqlite')), /ikke en sikkerhedskopi af SEI Genoptræning|kan ikke åbnes/);
    assert.throws(() => inspectBackup(newer), /fra en nyere version af SEI Genoptræning/);
    assert.throws(() => inspectBackup(damaged), /er beskadiget|kan ikke åbnes|ikke en sikkerhedskopi/);
    const file = path.join(dir, 'db.sqlite');
    const { db } = openDatabase(file);
    createPlace(db, place('Bliver'), 't');
    await assert.rejects(restoreFrom(db, file, newer), /nyere version/);
    assert.deepEqual(
      listPlaces(db).map((p) => p.name),
      ['Bliver'],
    );
    db.close();
  });

  test('one automatic copy a day, the last N kept', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'db.sqlite');
    const { db } = openDatabase(file);
    setBackupKeep(db, 3);
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']) assert.ok(await dailyBackup(db, file, day));
    assert.equal(await dailyBackup(db, file, '2026-11-05'), null, "the day's copy exists");
    assert.deepEqual(
      automaticBackups(file).map((b) => path.basename(b.file)),
      ['automatisk-2026-11-05.sqlite', 'automatisk-2026-11-04.sqlite', 'automatisk-2026-11-03.sqlite'],
    );
    assert.throws(() => setBackupKeep(db, 0), /fra 1 til 365/);
    db.close();
  });

  test('the backup folder can be chosen: refused unless it exists, is written to and not by everyone; the copies go there; cleared, beside the database again', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'db.sqlite');
    const { db } = openDatabase(file);
    assert.equal(backupDir(file, db), path.join(dir, 'backups'));
    assert.throws(() => setBackupDir(db, 'kopier'), /hele stien/);
    assert.throws(() => setBackupDir(db, path.join(dir, 'findes-ikke')), /findes ikke/);
    fs.writeFileSync(path.join(dir, 'en-fil'), '');
    assert.throws(() => setBackupDir(db, path.join(dir, 'en-fil')), /er ikke en mappe/);
    if (process.platform !== 'win32') {
      const open = path.join(dir, 'alle');
      fs.mkdirSync(open);
      fs.chmodSync(open, 0o777);
      assert.throws(() => setBackupDir(db, open), /Alle brugere på maskinen kan skrive i mappen .*CPR-numre/);
    }
    assert.equal(backupDir(file, db), path.join(dir, 'backups'), 'a refused folder changes nothing');
    const chosen = tmpDir();
    assert.equal(setBackupDir(db, `${chosen}/`), chosen);
    assert.ok(await dailyBackup(db, file, '2026-11-06'));
    assert.deepEqual(
      automaticBackups(file, db).map((b) => b.file),
      [path.join(chosen, 'automatisk-2026-11-06.sqlite')],
    );
    assert.equal(fs.existsSync(path.join(dir, 'backups')), false, 'nothing beside the database');
    assert.equal(setBackupDir(db, null), null);
    assert.equal(backupDir(file, db), path.join(dir, 'backups'));
    db.close();
    // the command line's settings: the same checks, in Danish
    const cli = (args: string[]) => spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', 'settings', ...args, '--db', file], { encoding: 'utf8' });
    const refused = cli(['set', 'sikkerhedskopi-mappe', 'relativ']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /sikkerhedskopi-mappe er ikke gemt: Sikkerhedskopimappen skal angives med hele stien/);
    const set = cli(['set', 'sikkerhedskopi-mappe', chosen]);
    assert.equal(set.status, 0, set.stderr);
    assert.match(set.stdout, new RegExp(`sikkerhedskopi-mappe +${chosen.replace(/[/\\]/g, '.')}`));
    const back = cli(['set', 'sikkerhedskopi-mappe', 'standard']);
    assert.match(back.stdout, /sikkerhedskopi-mappe +.*backups \(standard\)/);
  });

  test('the command line: backup --out, restore shows what the copy holds and changes nothing without --yes', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'db.sqlite');
    const { db } = openDatabase(file);
    createPlace(db, place('Center Nord'), 't');
    db.close();
    const cli = (args: string[]) => spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', ...args], { encoding: 'utf8' });
    const copy = path.join(dir, 'kopi.sqlite');
    const b = cli(['backup', '--out', copy, '--db', file, '--format', 'json']);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(JSON.parse(b.stdout).file, copy);
    const ask = cli(['restore', copy, '--db', file]);
    assert.equal(ask.status, 1);
    assert.match(ask.stdout, /kopi\.sqlite er en hel sikkerhedskopi .* med 0 ydelser, 0 forløb og 1 sted;[\s\S]*Intet er ændret\. Kør igen med --yes/);
    const yes = cli(['restore', copy, '--db', file, '--yes']);
    assert.equal(yes.status, 0, yes.stderr);
    assert.match(yes.stdout, /Databasen er gendannet fra kopi\.sqlite[\s\S]*gemt i .*før-gendannelse-/);
    assert.equal(cli(['backup', '--out', copy, '--db', path.join(dir, 'findes-ikke.sqlite')]).status, 2, 'no empty database is made for a mistyped path');
  });
});
