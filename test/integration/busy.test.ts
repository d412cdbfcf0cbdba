// Another program holding the database: the window's backend waits without blocking other calls and tries again;
// when the lock stays, the user gets a Danish message and nothing is written. The command line says the same (exit 2).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { BUSY_MESSAGE } from '../../db/busy.ts';
import { dispatch } from '../../backend/api/dispatch.ts';
import { startBackend } from '../../backend/start.ts';
import { placeInput, tmpDbPath, tmpDir } from '../helpers.ts';

describe('a database held by another program', () => {
  test('a write waits, other calls are answered meanwhile, and it goes through once the lock is released', async () => {
    const file = tmpDbPath();
    const b = startBackend(file, 'browser', 'test');
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
    const t0 = Date.now();
    const writing = dispatch(b.handlers, 'places.create', { place: placeInput() });
    const read = await dispatch(b.handlers, 'places.list', {});
    assert.ok(read.ok, 'a read is answered while the write waits');
    assert.ok(Date.now() - t0 < 1000, 'and at once');
    setTimeout(() => other.prepare('ROLLBACK').run(), 300);
    const env = await writing;
    assert.ok(env.ok, JSON.stringify(env));
    other.close();
    b.close();
  });

  test('when the lock stays, the window gets a Danish message and nothing is written', async () => {
    const file = tmpDbPath();
    const b = startBackend(file, 'browser', 'test');
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
    const env = await dispatch(b.handlers, 'places.create', { place: placeInput() }, () => {}, 300);
    assert.deepEqual(env, { ok: false, error: { message: BUSY_MESSAGE, fields: [] } });
    other.prepare('ROLLBACK').run();
    assert.deepEqual((await dispatch(b.handlers, 'places.list', {})) as unknown, { ok: true, result: [] });
    other.close();
    b.close();
  });

  test('the command line: the same message, exit 2, no stack trace', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'db.sqlite');
    startBackend(file, 'browser', 'test').close();
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
    const csv = path.join(dir, 'sks.csv');
    (await import('node:fs')).writeFileSync(csv, 'BLNB1;Genoptræning;2020-01-01;\n');
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const c = spawn(process.execPath, ['bin/sei-genoptraening.mjs', 'sks-load', csv, '--db', file, '--ny'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      c.stderr.on('data', (d: Buffer) => (err += d.toString()));
      c.on('exit', (code) => resolve({ code, err }));
    });
    other.prepare('ROLLBACK').run();
    other.close();
    assert.equal(r.code, 2);
    assert.equal(r.err.trim(), BUSY_MESSAGE);
  });
});

describe('a call that asked the user first', () => {
  test('an export whose save dialog was answered waits for the database, and does not ask again', async () => {
    const { ScriptedDialogs } = await import('../contract-walk.ts');
    const { seed } = await import('../sei-fixtures.ts');
    const s = seed();
    s.db.close();
    const dialogs = new ScriptedDialogs();
    const b = startBackend(s.file, 'electron', 'test', dialogs);
    await dispatch(b.handlers, 'settings.set', { kommunekode: '0751', reporterName: 'Anna', reporterEmail: 'anna@aarhus.dk' });
    dialogs.nextSave = path.join(tmpDir(), 'nov.xml');
    const other = new Database(s.file);
    other.prepare('BEGIN IMMEDIATE').run();
    const exporting = dispatch(b.handlers, 'sei.export', { month: '2026-11' });
    setTimeout(() => other.prepare('ROLLBACK').run(), 300);
    const env = await exporting;
    assert.ok(env.ok, JSON.stringify(env));
    assert.equal(dialogs.asked.filter((a) => a.kind === 'save').length, 1, 'the save dialog was shown once');
    other.close();
    b.close();
  });

  test('a ydelse registered while the save dialog is open is in the file (the plan made before the dialog is not used)', async () => {
    const { ScriptedDialogs } = await import('../contract-walk.ts');
    const { seed, TODAY } = await import('../sei-fixtures.ts');
    const { createYdelser } = await import('../../db/ydelser.ts');
    const { openDatabase } = await import('../../db/open.ts');
    const s = seed();
    s.db.close();
    const dialogs = new ScriptedDialogs();
    const b = startBackend(s.file, 'electron', 'test', dialogs);
    await dispatch(b.handlers, 'settings.set', { kommunekode: '0751', reporterName: 'Anna', reporterEmail: 'anna@aarhus.dk' });
    const out = path.join(tmpDir(), 'nov.xml');
    dialogs.nextSave = out;
    const ask = dialogs.save.bind(dialogs);
    dialogs.save = async (name: string) => {
      // another therapist's window saves a ydelse of the month while this user picks the folder
      const other = openDatabase(s.file).db;
      const w = { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: s.center.id, hjemme: false };
      createYdelser(other, s.ya[0]!.forloebId!, ['2026-11-10'], w, 'kollega', TODAY);
      other.close();
      return ask(name);
    };
    const env = await dispatch(b.handlers, 'sei.export', { month: '2026-11' });
    assert.ok(env.ok && env.result, JSON.stringify(env));
    assert.equal((env.result as { records: number }).records, 4, 'the three planned before the dialog, and the one saved meanwhile');
    assert.match(fs.readFileSync(out, 'utf8'), /<Dato>2026-11-10<\/Dato>/);
    b.close();
  });
});
