import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { APPLICATION_ID, type DB, latestVersion, openDatabase, WAL_SIZE_LIMIT } from '../../db/open.ts';
import { MIGRATIONS, type Migration } from '../../db/migrations/index.ts';
import { createPlace, listPlaces } from '../../db/places.ts';
import { getYdelse, listYdelser } from '../../db/ydelser.ts';
import { cprNumber, cprText, dayNumber, dayText } from '../../db/ydelse-values.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { UserError } from '../../schemas/errors.ts';
import { placeInput, tmpDbPath } from '../helpers.ts';

const addColumn: Migration = {
  version: 2,
  name: 'test: place colour',
  sql: "ALTER TABLE place ADD COLUMN colour TEXT NOT NULL DEFAULT 'blå';",
};

/** A KL Gateway delivery, number 1, for delivered rows to name. */
function oneKlDelivery(db: DB): void {
  db.prepare(
    "INSERT INTO kl_delivery (id, at, actor, file_name, until, citizens, reports, resources, sha256, file) VALUES (1, 'x', 'a', 'f.json', '2026-01-01', 1, 1, 1, 'h', x'00')",
  ).run();
}

describe('opening and migrating the database file', () => {
  test('a fresh file gets the latest schema, WAL, foreign keys and STRICT tables', () => {
    const file = tmpDbPath();
    const { db, schemaVersion, backupPath } = openDatabase(file);
    assert.equal(schemaVersion, latestVersion());
    assert.equal(db.pragma('user_version', { simple: true }), latestVersion());
    assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(backupPath, null, 'no backup of an empty file');
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[];
    assert.ok(tables.length >= 2);
    for (const t of tables) assert.match(t.sql, /\)\s*(WITHOUT ROWID\s*,\s*)?STRICT(\s*,\s*WITHOUT ROWID)?\s*$/, `${t.name} is STRICT`);
    db.close();
    assert.ok(fs.existsSync(file));
  });

  test('opening again changes nothing and keeps the data', () => {
    const file = tmpDbPath();
    const first = openDatabase(file);
    createPlace(first.db, PlaceInput.parse(placeInput()), 'test');
    first.db.close();
    const again = openDatabase(file);
    assert.equal(again.backupPath, null);
    assert.equal(listPlaces(again.db).length, 1);
    again.db.close();
  });

  test('an upgrade runs the new migration, keeps the data and takes a backup first', () => {
    const file = tmpDbPath();
    const v1 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    createPlace(v1.db, PlaceInput.parse(placeInput({ name: 'Sundhedshuset' })), 'test');
    v1.db.close();

    const v2 = openDatabase(file, { migrations: [...MIGRATIONS.slice(0, 1), addColumn] });
    assert.equal(v2.schemaVersion, 2);
    assert.equal(v2.db.pragma('user_version', { simple: true }), 2);
    const row = v2.db.prepare('SELECT name, colour FROM place').get() as { name: string; colour: string };
    assert.deepEqual(row, { name: 'Sundhedshuset', colour: 'blå' });
    v2.db.close();

    assert.ok(v2.backupPath, 'a backup was taken');
    assert.match(path.basename(v2.backupPath!), /skemaversion-1/);
    const backup = new Database(v2.backupPath!, { readonly: true });
    assert.equal(backup.pragma('user_version', { simple: true }), 1);
    assert.equal((backup.prepare('SELECT name FROM place').get() as { name: string }).name, 'Sundhedshuset');
    backup.close();
  });

  test('version 10 keeps what a version-9 file recorded as delivered to KL Gateway (its JSON too), and lets new rows leave it in the file', () => {
    const file = tmpDbPath();
    const v9 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 9) });
    oneKlDelivery(v9.db);
    v9.db.prepare("INSERT INTO kl_delivered VALUES ('patient:0101901234', '0101901234', 'abc', '{\"resourceType\":\"Patient\"}', 1)").run();
    assert.throws(() => v9.db.prepare("INSERT INTO kl_delivered VALUES ('encounter:1', '0101901234', 'def', NULL, 1)").run(), /NOT NULL/);
    v9.db.close();
    const v10 = openDatabase(file);
    assert.equal(v10.schemaVersion, latestVersion());
    v10.db.prepare("INSERT INTO kl_delivered VALUES ('encounter:1', '0101901234', 'def', NULL, 1)").run();
    assert.deepEqual(v10.db.prepare('SELECT resource_key, hash, resource, delivery_id FROM kl_delivered ORDER BY resource_key').all(), [
      { resource_key: 'encounter:1', hash: 'def', resource: null, delivery_id: 1 },
      { resource_key: 'patient:0101901234', hash: 'abc', resource: '{"resourceType":"Patient"}', delivery_id: 1 },
    ]);
    assert.throws(
      () => v10.db.prepare("INSERT INTO kl_delivered VALUES ('encounter:2', 'x', 'h', NULL, 99)").run(),
      /FOREIGN KEY/,
      'still tied to its delivery',
    );
    v10.db.close();
  });

  test('version 14 keeps what was delivered to KL Gateway, in the order of its key alone, still one row a key and tied to its delivery', () => {
    const file = tmpDbPath();
    const v13 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 13) });
    oneKlDelivery(v13.db);
    const put = v13.db.prepare('INSERT INTO kl_delivered VALUES (?, ?, ?, ?, 1)');
    for (let i = 0; i < 500; i++) put.run(`encounter:${(i * 7919) % 500}`, '0101901234', `h${i}`, i === 3 ? '{"resourceType":"Encounter"}' : null);
    const before = v13.db.prepare('SELECT * FROM kl_delivered ORDER BY resource_key').all();
    v13.db.close();
    const v14 = openDatabase(file);
    assert.equal(v14.schemaVersion, latestVersion());
    assert.deepEqual(v14.db.prepare('SELECT * FROM kl_delivered ORDER BY resource_key').all(), before, 'every row, its JSON too');
    assert.match(String(v14.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'kl_delivered'").pluck().get()), /WITHOUT ROWID/);
    assert.throws(() => v14.db.prepare("INSERT INTO kl_delivered VALUES ('encounter:1', 'x', 'h', NULL, 1)").run(), /UNIQUE|PRIMARY KEY/, 'one row a key');
    assert.throws(() => v14.db.prepare("INSERT INTO kl_delivered VALUES ('encounter:x', 'x', 'h', NULL, 99)").run(), /FOREIGN KEY/, 'tied to its delivery');
    v14.db.close();
  });

  test('version 11 keeps no time of its own on an imported ydelse nobody changed (its batch has it), and the forløb index only ydelser with a forløb', () => {
    const file = tmpDbPath();
    const v10 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    const batch = '2026-03-02T08:00:00.000Z';
    v10.db.exec(`
      INSERT INTO place (id, name, type, owner, code_type, code_value, active, search_text, created_at, updated_at) VALUES (1, 'Center', 'andet', 'kommunal', 'SOR', '1', 1, 'center', 'x', 'x');
      INSERT INTO import_batch (id, at, actor, file_name, imported, rejected, duplicates) VALUES (1, '${batch}', 'a', 'y.csv', 2, 0, 0);
      INSERT INTO ydelse (id, cpr, dato, ydelseskode, place_id, import_id, ekstern_id, created_at, updated_at)
        VALUES (1, '0101900000', '2026-03-01', 'BLNB1', 1, 1, 'X1', '${batch}', '${batch}'),
               (2, '0101900000', '2026-03-02', 'BLNB1', 1, 1, 'X2', '${batch}', '2026-03-05T10:00:00.000Z'),
               (3, '0101900000', '2026-03-03', 'BLNB1', 1, NULL, NULL, '2026-03-04T09:00:00.000Z', '2026-03-04T09:00:00.000Z');
    `);
    v10.db.close();
    // as version 11 left it (version 13 keeps the date and CPR number as integers: its own test below)
    const { db } = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 11) });
    assert.deepEqual(db.prepare('SELECT id, created_at, updated_at FROM ydelse ORDER BY id').all(), [
      { id: 1, created_at: null, updated_at: null },
      { id: 2, created_at: null, updated_at: '2026-03-05T10:00:00.000Z' },
      { id: 3, created_at: '2026-03-04T09:00:00.000Z', updated_at: null },
    ]);
    // read as before: the batch's time, or its own
    const times = (id: number) => {
      const y = getYdelse(db, id, '2026-12-31');
      return [y.createdAt, y.updatedAt];
    };
    assert.deepEqual(times(1), [batch, batch]);
    assert.deepEqual(times(2), [batch, '2026-03-05T10:00:00.000Z']);
    assert.deepEqual(times(3), ['2026-03-04T09:00:00.000Z', '2026-03-04T09:00:00.000Z']);
    assert.throws(
      () => db.prepare("INSERT INTO ydelse (cpr, dato, ydelseskode) VALUES ('0101900000', '2026-03-01', 'BLNB1')").run(),
      /CHECK/,
      'a ydelse not from an import must have its own time',
    );
    // the trigger of migration 6 is there again: a ydelse moved to another month is noted for the month it left
    db.prepare("UPDATE ydelse SET dato = '2026-04-01', updated_at = '2026-05-01T00:00:00.000Z' WHERE id = 1").run();
    assert.deepEqual(db.prepare('SELECT month, at FROM ydelse_moved').all(), [{ month: '2026-03', at: '2026-05-01T00:00:00.000Z' }]);
    assert.match(String(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'ydelse_forloeb'").pluck().get()), /WHERE forloeb_id IS NOT NULL/);
    db.close();
  });

  test("version 13 keeps a ydelse's date and CPR number as integers, and every read gives back the text", () => {
    const file = tmpDbPath();
    const v12 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 12) });
    const at = '2026-03-04T09:00:00.000Z';
    v12.db.exec(`
      INSERT INTO place (id, name, type, owner, code_type, code_value, active, search_text, created_at, updated_at) VALUES (1, 'Center', 'andet', 'kommunal', 'SOR', '1', 1, 'center', 'x', 'x');
      INSERT INTO ydelse (id, cpr, dato, ydelseskode, place_id, created_at) VALUES
        (1, '0101900000', '2026-03-31', 'BLNB1', 1, '${at}'),
        (2, '3112999999', '1969-12-31', 'BLNB1', 1, '${at}'),
        (3, '0000000001', '2059-09-19', 'BLNB1', 1, '${at}');
    `);
    v12.db.close();
    const { db } = openDatabase(file);
    // stored as integers: a day number since 1970-01-01 and the ten digits' value
    assert.deepEqual(db.prepare('SELECT id, cpr, dato FROM ydelse ORDER BY id').all(), [
      { id: 1, cpr: 101900000, dato: 20543 },
      { id: 2, cpr: 3112999999, dato: -1 },
      { id: 3, cpr: 1, dato: 32768 },
    ]);
    for (const [id, cpr, dato] of [
      [1, '0101900000', '2026-03-31'],
      [2, '3112999999', '1969-12-31'],
      [3, '0000000001', '2059-09-19'],
    ] as const) {
      const y = getYdelse(db, id, '2026-12-31');
      assert.deepEqual([y.cpr, y.dato], [cpr, dato], 'read back as the text it was');
      assert.equal(dayText(dayNumber(dato)), dato);
      assert.equal(cprText(cprNumber(cpr)), cpr);
    }
    assert.deepEqual(
      listYdelser(db, { search: '010190' }, '2026-12-31').rows.map((y) => y.cpr),
      ['0101900000'],
      'a CPR number searched by its birth date',
    );
    assert.deepEqual(
      listYdelser(db, { from: '2026-03-01', to: '2026-03-31' }, '2026-12-31').rows.map((y) => y.dato),
      ['2026-03-31'],
      'a period, its last day included',
    );
    assert.throws(
      () => db.prepare("INSERT INTO ydelse (cpr, dato, ydelseskode, created_at) VALUES (101900000, '2026-03-01', 'BLNB1', 'x')").run(),
      /cannot store TEXT value in INTEGER column/,
      'a date as text is refused, not stored beside the day numbers',
    );
    // the trigger of migration 6 works on day numbers: moved within March nothing, to April the month it left
    db.prepare('UPDATE ydelse SET dato = ?, updated_at = ? WHERE id = 1').run(dayNumber('2026-03-01'), '2026-04-01T00:00:00.000Z');
    assert.deepEqual(db.prepare('SELECT month FROM ydelse_moved').all(), []);
    db.prepare('UPDATE ydelse SET dato = ?, updated_at = ? WHERE id = 1').run(dayNumber('2026-04-01'), '2026-05-01T00:00:00.000Z');
    assert.deepEqual(db.prepare('SELECT month, at FROM ydelse_moved').all(), [{ month: '2026-03', at: '2026-05-01T00:00:00.000Z' }]);
    assert.deepEqual(
      db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'ydelse' AND type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[],
      ['ydelse_cpr', 'ydelse_dato', 'ydelse_deleted', 'ydelse_ekstern', 'ydelse_forloeb', 'ydelse_kode', 'ydelse_place', 'ydelse_uid'],
      'every index made again',
    );
    db.close();
  });

  test('version 13 stops at a CPR number that is not ten digits or a date that does not exist, and changes nothing', () => {
    for (const [cpr, dato, why] of [
      ['010190-000', '2026-03-04', 'et CPR-nummer, der ikke er ti cifre'],
      ['0101900000', '2026-02-30', 'en dato, der ikke findes'],
    ] as const) {
      const file = tmpDbPath();
      const v12 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 12) });
      v12.db.exec(`
        INSERT INTO place (id, name, type, owner, code_type, code_value, active, search_text, created_at, updated_at) VALUES (1, 'Center', 'andet', 'kommunal', 'SOR', '1', 1, 'center', 'x', 'x');
        INSERT INTO ydelse (id, cpr, dato, ydelseskode, place_id, created_at) VALUES (1, '0101900000', '2026-03-01', 'BLNB1', 1, 'x'), (7, '${cpr}', '${dato}', 'BLNB1', 1, 'x');
      `);
      v12.db.close();
      assert.throws(
        () => openDatabase(file, { backupDir: path.join(path.dirname(file), 'kopier') }),
        (e: unknown) =>
          e instanceof UserError &&
          e.message.includes(`trin 13`) &&
          e.message.includes(`ydelse nr. 7 har ${why}`) &&
          e.message.endsWith('Databasen er ikke ændret.') &&
          !e.message.includes(cpr),
      );
      const raw = new Database(file, { readonly: true });
      assert.equal(raw.pragma('user_version', { simple: true }), 12, 'still version 12');
      assert.deepEqual(raw.prepare('SELECT cpr, dato FROM ydelse WHERE id = 7').get(), { cpr, dato }, 'the row as it was');
      raw.close();
    }
  });

  test('a migration that makes a table again gives the old pages back: the file shrinks, its rows all there', () => {
    const file = tmpDbPath();
    const v12 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 12) });
    v12.db.exec(`
      INSERT INTO place (id, name, type, owner, code_type, code_value, active, search_text, created_at, updated_at) VALUES (1, 'Center', 'andet', 'kommunal', 'SOR', '1', 1, 'center', 'x', 'x');
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO ydelse (cpr, dato, ydelseskode, place_id, created_at)
        SELECT printf('%010d', 101900000 + i), date('2026-01-01', '+' || (i % 300) || ' days'), 'BLNB1', 1, 'x' FROM n;
    `);
    v12.db.pragma('wal_checkpoint(TRUNCATE)');
    v12.db.close();
    const before = fs.statSync(file).size;
    const { db } = openDatabase(file, { backupDir: path.join(path.dirname(file), 'kopier') });
    assert.equal(db.pragma('freelist_count', { simple: true }), 0, 'no free pages left in the file');
    assert.equal(fs.statSync(`${file}-wal`).size, 0, 'the write-ahead log emptied, not left as large as the file');
    assert.equal(db.prepare('SELECT count(*) FROM ydelse').pluck().get(), 20000);
    const after = fs.statSync(file).size;
    assert.ok(after < before * 0.8, `the file took ${before} bytes before and ${after} after`);
    db.close();
  });

  test('after a large write, the next write cuts the write-ahead log back instead of leaving it as large', () => {
    const file = tmpDbPath();
    const { db } = openDatabase(file);
    db.exec('CREATE TABLE fyld (b BLOB)');
    db.prepare('INSERT INTO fyld VALUES (zeroblob(?))').run(WAL_SIZE_LIMIT * 2);
    assert.ok(fs.statSync(`${file}-wal`).size > WAL_SIZE_LIMIT * 2, 'the log held the large write');
    db.exec('DELETE FROM fyld');
    db.exec('DROP TABLE fyld');
    assert.ok(fs.statSync(`${file}-wal`).size <= WAL_SIZE_LIMIT, `the log is ${fs.statSync(`${file}-wal`).size} bytes`);
    db.close();
  });

  test('a database from a newer app is refused in Danish and left untouched', () => {
    const file = tmpDbPath();
    openDatabase(file).db.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.close();
    const before = fs.readFileSync(file);
    assert.throws(
      () => openDatabase(file),
      (e: unknown) => e instanceof UserError && /nyere version af SEI Genoptræning/.test(e.message) && /Opdatér programmet/.test(e.message),
    );
    assert.deepEqual(fs.readFileSync(file), before);
  });

  test('a failing migration changes nothing: version, data and schema as before', () => {
    const file = tmpDbPath();
    const v1 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    createPlace(v1.db, PlaceInput.parse(placeInput({ name: 'Før fejlen' })), 'test');
    v1.db.close();
    const broken: Migration[] = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: 'ok step', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT; DELETE FROM place;' },
      { version: 3, name: 'bad step', sql: 'ALTER TABLE no_such_table ADD COLUMN x TEXT;' },
    ];
    assert.throws(
      () => openDatabase(file, { migrations: broken }),
      (e: unknown) => e instanceof UserError && /trin 3 \(bad step\)/.test(e.message) && /ikke ændret/.test(e.message),
    );
    const after = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    assert.equal(after.db.pragma('user_version', { simple: true }), 1);
    assert.deepEqual(
      listPlaces(after.db).map((p) => p.name),
      ['Før fejlen'],
      'the DELETE of step 2 was rolled back',
    );
    const extra = after.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'extra'").get() as { n: number };
    assert.equal(extra.n, 0, 'the table of step 2 was rolled back');
    after.db.close();
  });

  test("a file that is not SQLite, or another program's database, is refused", () => {
    const notDb = tmpDbPath();
    fs.writeFileSync(notDb, 'dette er ikke en database\n'.repeat(100));
    assert.throws(() => openDatabase(notDb), /ikke en SQLite-fil/);
    assert.equal(fs.readFileSync(notDb, 'utf8').startsWith('dette er ikke'), true);

    const foreign = tmpDbPath();
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE noget (x TEXT)');
    raw.close();
    assert.throws(() => openDatabase(foreign), /et andet program/);
  });

  test('the migration list must be numbered 1, 2, 3 without gaps', () => {
    assert.throws(() => openDatabase(tmpDbPath(), { migrations: [{ ...addColumn, version: 2 }] }), /expected 1/);
  });
});
