import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { createPlace } from '../../db/places.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { placeInput, tmpDbPath, tmpDir } from '../helpers.ts';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the command line', () => {
  test('--help names the commands and options in Danish', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /places list/);
    assert.match(r.out, /--db FIL/);
    assert.match(r.out, /Slutkoder/);
  });

  test('places list --format json prints the places of the given database', () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    createPlace(db, PlaceInput.parse(placeInput({ name: 'Ølby Plejehjem', type: 'plejehjem', code: { type: 'YDER', value: '24015' } })), 't');
    createPlace(db, PlaceInput.parse(placeInput({ name: 'Aktivitetscentret', code: null })), 't');
    db.close();
    const r = cli(['places', 'list', '--format', 'json', '--db', file]);
    assert.equal(r.code, 0, r.err);
    const places = JSON.parse(r.out) as { name: string; code: { type: string; value: string } | null }[];
    assert.deepEqual(
      places.map((p) => [p.name, p.code?.value ?? null]),
      [
        ['Aktivitetscentret', null],
        ['Ølby Plejehjem', '024015'],
      ],
    );
  });

  test('the database can come from SEI_GENOPTRAENING_DB, and the table format is readable', () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    createPlace(db, PlaceInput.parse(placeInput({ name: 'Sundhedshuset', code: null })), 't');
    db.close();
    const r = cli(['places', 'list'], { SEI_GENOPTRAENING_DB: file });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Sundhedshuset .* Ingen kode endnu/);
  });

  test('output read only in part (| head, a pager closed early) ends the command quietly, without a stack trace', async () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    // more JSON than a pipe holds (64 KB), so the command is still writing when the reader goes
    for (let i = 0; i < 600; i++) createPlace(db, PlaceInput.parse(placeInput({ name: `Træningscenter nummer ${i}`, code: null })), 't');
    db.close();
    const child = spawn(process.execPath, ['bin/sei-genoptraening.mjs', 'places', 'list', '--format', 'json', '--db', file]);
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(err, '', 'nothing on stderr');
    assert.equal(code, 0);
  });

  test('a command that writes no workbook does not load the workbook writer (exceljs and its ~700 modules, ~0.3 s)', () => {
    const file = tmpDbPath();
    openDatabase(file).db.close();
    // the launcher run in a process that says, after the command, whether exceljs was loaded
    const loaded = (args: string[]) => {
      const probe =
        "await import(process.env.LAUNCHER); const { createRequire } = await import('node:module');" +
        "process.on('exit', () => process.stdout.write('\\nexceljs:' + Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/exceljs/'))));";
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, 'launcher', ...args], {
        encoding: 'utf8',
        env: { ...process.env, LAUNCHER: path.resolve('bin/sei-genoptraening.mjs') },
      });
      assert.equal(r.status, 0, r.stderr);
      return /exceljs:true$/.test(r.stdout);
    };
    assert.equal(loaded(['places', 'list', '--db', file]), false, 'places list');
    assert.equal(loaded(['places', 'list', '--db', file, '--format', 'xlsx', '--out', path.join(tmpDir(), 'steder.xlsx')]), true, 'places list to .xlsx');
  });

  test('bad usage gives exit 2 and a Danish message', () => {
    const file = tmpDbPath();
    const unknown = cli(['steder', '--db', file]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Ukendt kommando: steder/);
    const format = cli(['places', 'list', '--format', 'xml', '--db', file]);
    assert.equal(format.code, 2);
    assert.match(format.err, /Ukendt format "xml"/);
    const missingDb = cli(['places', 'list', '--db']);
    assert.equal(missingDb.code, 2);
  });

  test('a file that is not a database gives exit 2 and says so', () => {
    const file = tmpDbPath();
    fs.writeFileSync(file, 'ikke en database'.repeat(50));
    const r = cli(['places', 'list', '--db', file]);
    assert.equal(r.code, 2);
    assert.match(r.err, /ikke en SQLite-fil/);
  });

  test('a command that reads the database does not make an empty one where the path is mistyped; --format tekst is the table', () => {
    const file = tmpDbPath();
    const missing = cli(['places', 'list', '--db', file]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Databasen .* findes ikke\. Angiv den med --db FIL, eller opret en ny med --ny\./);
    assert.equal(fs.existsSync(file), false);
    const importer = cli(['import-ydelser', path.join(tmpDir(), 'x.csv'), '--db', file]);
    assert.equal(importer.code, 2, 'an importer too');
    assert.equal(fs.existsSync(file), false);
    openDatabase(file).db.close();
    assert.equal(cli(['places', 'list', '--db', file, '--format', 'tekst']).code, 0);
  });

  test("the launcher in bin/ prints nothing but the command's own output", () => {
    const r = spawnSync('bin/sei-genoptraening', ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.equal(r.stderr, '');
  });

  test('settings get and set: every setting by name, checked as in the window', () => {
    const file = tmpDbPath();
    openDatabase(file).db.close();
    const sor = '8341000016002';
    assert.equal(cli(['settings', 'set', 'kommune-sor', sor, '--db', file]).code, 0);
    assert.equal(cli(['settings', 'set', 'kontakt-minutter', '45', '--db', file]).code, 0);
    const all = JSON.parse(cli(['settings', 'get', '--db', file, '--format', 'json']).out);
    assert.equal(all['kommune-sor'], sor);
    assert.equal(all['kontakt-minutter'], '45');
    assert.equal(all['kontakt-start'], '09:00', 'the default');
    const bad = cli(['settings', 'set', 'kontakt-start', '25:00', '--db', file]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /kontakt-start er ikke gemt: Skriv tidspunktet TT:MM, fx 09:00\./);
    assert.equal(cli(['settings', 'set', 'farve', 'blå', '--db', file]).code, 2);
    assert.match(cli(['settings', 'get', '--db', file]).out, /kommune-sor\s+8341000016002\s+Kommunens egen SOR-kode/);
  });
});
