// Files holding CPR numbers are readable by their owner only (Linux and macOS): the database and its WAL, the folder
// the program makes for it, the copy taken before a migration, exports, reject files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { tmpDir } from '../helpers.ts';

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const skip = process.platform === 'win32' ? 'Windows har ikke Unix-rettigheder; brugerens profilmappe beskytter filerne' : false;

describe('private files', { skip }, () => {
  test('a new database: its folder 0700, the file and its WAL 0600, even under a permissive umask', () => {
    const old = process.umask(0o000);
    try {
      const dir = path.join(tmpDir(), 'SEI Genoptræning');
      const file = path.join(dir, 'sei.sqlite');
      const { db } = openDatabase(file);
      db.prepare("INSERT INTO app_meta (key, value) VALUES ('x', 'y')").run();
      assert.equal(mode(dir), 0o700);
      assert.equal(mode(file), 0o600);
      assert.equal(mode(`${file}-wal`), 0o600);
      assert.equal(mode(`${file}-shm`), 0o600);
      db.close();
    } finally {
      process.umask(old);
    }
  });

  test('a database made readable by all (an older version) is made private when opened; its migration copy is private', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'gammel.sqlite');
    openDatabase(file, { migrations: MIGRATIONS.slice(0, 5) }).db.close();
    fs.chmodSync(file, 0o644);
    const { db, backupPath } = openDatabase(file);
    db.close();
    assert.equal(mode(file), 0o600);
    assert.ok(backupPath);
    assert.equal(mode(backupPath), 0o600);
    assert.equal(mode(path.dirname(backupPath)), 0o700);
  });

  test('the reject file of a CSV import is private', () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'y.csv');
    fs.writeFileSync(csv, 'cpr;dato;ydelseskode;kodetype;institutionskode\n0101902001;2026-11-03;BLNB1;YDER;24015\n3213902001;2026-11-03;BLNB1;YDER;24015\n');
    const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', 'import-ydelser', csv, '--db', path.join(dir, 'db.sqlite'), '--ny', '--skip-invalid'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(mode(path.join(dir, 'y-afviste.csv')), 0o600);
  });
});
