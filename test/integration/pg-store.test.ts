// The kommune's shared database on a real PostgreSQL server (test/pg-cluster.ts): db init makes the schema and the
// roles, the server itself refuses a therapist what only administrators may do and writes the login into the history,
// a newer schema is refused, and db copy moves a desktop's SQLite file in, identical row for row, or not at all.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { main } from '../../backend/cli/main.ts';
import { withTextValues } from '../../db/ydelse-values.ts';
import { dispatch } from '../../backend/api/dispatch.ts';
import { startBackend } from '../../backend/start.ts';
import { ScriptedDialogs, ScriptedPrinter, walkEveryCall } from '../contract-walk.ts';
import { exportKlDelivery } from '../../backend/services/kl-gateway/deliver.ts';
import { markSubmitted } from '../../backend/services/months.ts';
import { exportMonth } from '../../backend/services/sei-export.ts';
import { getKlSettings, setKlSettings } from '../../db/kl-gateway.ts';
import { MEMORY, openDatabase } from '../../db/open.ts';
import { PG_BASELINE_VERSION } from '../../db/pg/schema.ts';
import { connect } from '../../db/pg/connect.ts';
import { migratePg } from '../../db/pg/migrate.ts';
import { PgDatabase } from '../../db/pg/sync-database.ts';
import { ROLES, TABLE_PRIVILEGES } from '../../db/pg/roles.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { updatePlace, getPlace } from '../../db/places.ts';
import { replaceSksList } from '../../db/sks.ts';
import { deleteYdelse, updateYdelse } from '../../db/ydelser.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { GgopInput } from '../../schemas/forloeb-ydelser.ts';
import { replaceGgop } from '../../db/forloeb.ts';
import { type Cluster, pgSkipReason, startCluster } from '../pg-cluster.ts';
import { HEADER, seed, TODAY } from '../sei-fixtures.ts';
import { sorCode, tmpDir, tmpDbPath } from '../helpers.ts';
import { ydelseCsv } from '../../bench/fixtures.ts';

const skip = pgSkipReason();
let cluster: Cluster;
let databases = 0;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), env: process.env });
  return { code, out, err };
}

/** A fresh database on the cluster, made ready with db init. */
async function freshDb(): Promise<string> {
  const name = `kommune_${++databases}`;
  cluster.psql('postgres', `CREATE DATABASE ${name}`);
  const r = await cli('db', 'init', cluster.url(name));
  assert.equal(r.code, 0, r.err);
  return name;
}

async function asUser<T>(database: string, user: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ host: cluster.host, port: cluster.port, database, user, password: `pw-${user}` });
  await c.connect();
  await c.query('SET search_path TO sei');
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A desktop's database with something in every table, and text that COPY must escape. */
function desktopDb(): string {
  const file = tmpDbPath();
  const { db, center } = seed(file) as ReturnType<typeof seed> & { center: { id: number } };
  const tricky = 'Tab\there, line\nbreak, back\\slash, "citat" og æøå';
  const p = getPlace(db, center.id);
  updatePlace(db, center.id, PlaceInput.parse({ ...p, note: tricky, code: p.code }), 't');
  replaceSksList(db, [{ code: 'BLNB1', text: 'Genoptræning, basal', validFrom: '2020-01-01', validTo: null }], 'sks.csv', 't');
  const out = tmpDir();
  exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY, { target: path.join(out, 'nov.xml') });
  markSubmitted(db, '2026-11', 'anna', new Date('2026-12-04T09:00:00Z'));
  const ydelser = db.prepare('SELECT id, dato FROM ydelse ORDER BY id').all() as { id: number; dato: string }[];
  const first = ydelser[0]!;
  const w = db.prepare('SELECT ydelseskode, place_id AS placeId FROM ydelse WHERE id = ?').get(first.id) as { ydelseskode: string; placeId: number };
  updateYdelse(db, first.id, '2026-12-01', { ydelseskode: w.ydelseskode, tillaegskoder: [], placeId: w.placeId, hjemme: false }, 't', TODAY);
  deleteYdelse(db, ydelser[1]!.id, 't', TODAY);
  setKlSettings(db, { ...getKlSettings(db), kommuneSor: sorCode(451) });
  db.prepare('UPDATE forloeb SET ggop_sender_sor = ?').run(sorCode(227));
  const forloeb = db.prepare("SELECT id, discharge_date FROM forloeb WHERE status = 'aktiv' ORDER BY id LIMIT 1").get() as {
    id: number;
    discharge_date: string;
  };
  const ggop = { gopType: 'specialiseret', dischargeDate: forloeb.discharge_date, gopReceivedDate: '2026-11-20', ggopSenderSor: sorCode(300) } as const;
  replaceGgop(db, forloeb.id, GgopInput.parse(ggop), 'anna', TODAY);
  exportKlDelivery(db, { today: TODAY, until: TODAY, actor: 'anna', target: path.join(out, 'kl.json') });
  db.prepare(
    "INSERT INTO import_batch (at, actor, file_name, imported, rejected, duplicates) VALUES ('2026-12-01T10:00:00.000Z', 'anna', 'ydelser.csv', 0, 0, 0)",
  ).run();
  db.prepare(
    "INSERT INTO sor_request (place_id, kind, fields, created_at, updated_at) VALUES (?, 'ny', '{}', '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z')",
  ).run(center.id);
  db.prepare(
    "INSERT INTO sor_check (at, actor, file_name, scope_key, scope_name, check_date, findings) VALUES ('2026-12-01T10:00:00.000Z', 'anna', 'sor.xml', 'k751', 'Aarhus', '2026-12-01', '[]')",
  ).run();
  db.close();
  return file;
}

type Row = Record<string, unknown>;
const normal = (rows: Row[]) =>
  rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? `bytes:${v.toString('hex')}` : v])))).sort();

describe('PostgreSQL: a kommune’s shared database', { skip: skip ?? false }, () => {
  before(async () => {
    cluster = await startCluster();
    process.env.PGPASSFILE = cluster.pgpass;
    for (const [user, role] of [
      ['anne', ROLES.therapist],
      ['lars', ROLES.administrator],
    ] as const) {
      cluster.addPassword(user, `pw-${user}`);
      cluster.psql('postgres', `CREATE ROLE ${user} LOGIN PASSWORD 'pw-${user}'`);
      cluster.psql('postgres', `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF; END $$`);
      cluster.psql('postgres', `GRANT ${role} TO ${user}`);
    }
  });
  after(() => {
    delete process.env.PGPASSFILE;
    cluster?.stop();
  });

  test('db init makes the schema at the app’s version, says what the DBA must do, and may run again', async () => {
    const name = `kommune_${++databases}`;
    cluster.psql('postgres', `CREATE DATABASE ${name}`);
    const first = await cli('db', 'init', cluster.url(name));
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, new RegExp(`er gjort klar til SEI Genoptræning \\(skemaversion ${MIGRATIONS.at(-1)!.version}`));
    assert.match(first.out, /GRANT sei_terapeut TO/);
    assert.match(first.out, /hostssl/);
    assert.equal(cluster.psql(name, 'SELECT version FROM sei.sei_schema').trim(), String(MIGRATIONS.at(-1)!.version));
    const again = await cli('db', 'init', cluster.url(name), '--format', 'json');
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(JSON.parse(again.out).from, MIGRATIONS.at(-1)!.version);
    // every table has its decided privileges (a new table without a decision fails here)
    const tables = cluster.psql(name, "SELECT tablename FROM pg_tables WHERE schemaname = 'sei' ORDER BY 1").trim().split('\n');
    assert.deepEqual(tables, Object.keys(TABLE_PRIVILEGES).sort());
  });

  test('a database of the PostgreSQL baseline (version 8) is brought up to date by db init, grants and all', async () => {
    const name = `kommune_${++databases}`;
    cluster.psql('postgres', `CREATE DATABASE ${name}`);
    const client = await connect(cluster.url(name));
    try {
      await client.query('BEGIN');
      await migratePg(
        client,
        name,
        MIGRATIONS.filter((m) => m.version <= PG_BASELINE_VERSION),
      );
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    assert.equal(cluster.psql(name, 'SELECT version FROM sei.sei_schema').trim(), String(PG_BASELINE_VERSION));
    const r = await cli('db', 'init', cluster.url(name), '--format', 'json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual([JSON.parse(r.out).from, JSON.parse(r.out).to], [PG_BASELINE_VERSION, MIGRATIONS.at(-1)!.version]);
    assert.equal(cluster.psql(name, "SELECT has_table_privilege('sei_terapeut', 'sei.ggop_replaced', 'INSERT')").trim(), 't');
  });

  test('the same columns as the SQLite file, table by table', async () => {
    const name = await freshDb();
    const { db } = openDatabase(MEMORY);
    const sqlite = db
      .prepare('SELECT m.name AS t, p.name AS c, p."notnull" AS nn FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = \'table\' ORDER BY 1, 2')
      .all()
      .map((r) => JSON.stringify(r));
    db.close();
    const pgCols = cluster
      .psql(
        name,
        "SELECT json_build_object('t', table_name, 'c', column_name, 'nn', CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END) FROM information_schema.columns WHERE table_schema = 'sei' AND table_name <> 'sei_schema' ORDER BY table_name, column_name",
      )
      .trim()
      .split('\n')
      .map((j) => JSON.stringify(JSON.parse(j)));
    // SQLite's INTEGER PRIMARY KEY may be NULL on insert (it becomes the rowid); PostgreSQL's is NOT NULL
    const loose = (rows: string[]) => rows.map((r) => r.replace(/"c":"id","nn":1/, '"c":"id","nn":0'));
    assert.deepEqual(loose(pgCols), loose(sqlite));
  });

  test('a therapist records but cannot export, submit or change settings: the server refuses her', async () => {
    const name = await freshDb();
    await asUser(name, 'anne', async (c) => {
      const place = await c.query(
        "INSERT INTO place (name, type, owner, search_text, created_at, updated_at) VALUES ('Center', 'andet', 'kommunal', 'center', 'x', 'x') RETURNING id",
      );
      await c.query(
        "INSERT INTO ydelse (cpr, dato, ydelseskode, place_id, created_at, updated_at) VALUES ('0101902001', '2026-11-03', 'BLNB1', $1, 'x', 'x')",
        [place.rows[0].id],
      );
      await c.query("UPDATE ydelse SET dato = '2026-12-01'"); // moving it notes the month it left (the trigger, as the owner)
      await assert.rejects(
        c.query(
          "INSERT INTO sei_export (month, at, actor, file_name, kommunekode, records, new_count, corrections, cancellations, pending, sha256) VALUES ('2026-11', 'x', 'anne', 'f', '751', 1, 1, 0, 0, 0, 'h')",
        ),
        (e: { code?: string }) => e.code === '42501',
        'an export is refused by the database itself',
      );
      await assert.rejects(c.query("UPDATE app_meta SET value = 'x'"), (e: { code?: string }) => e.code === '42501', 'settings too');
      await assert.rejects(c.query('DELETE FROM audit_log'), (e: { code?: string }) => e.code === '42501', 'and nobody rewrites history');
      await c.query("INSERT INTO audit_log (at, actor, entity, entity_id, action) VALUES ('x', 'someone-else', 'place', 1, 'create')");
    });
    assert.equal(cluster.psql(name, 'SELECT actor FROM sei.audit_log').trim(), 'anne', 'the history names the database login, not what the program said');
    assert.equal(cluster.psql(name, 'SELECT month FROM sei.ydelse_moved').trim(), '2026-11');
    await asUser(name, 'lars', async (c) => {
      await c.query(
        "INSERT INTO sei_export (month, at, actor, file_name, kommunekode, records, new_count, corrections, cancellations, pending, sha256) VALUES ('2026-11', 'x', 'x', 'f', '751', 1, 1, 0, 0, 0, 'h')",
      );
      await c.query("INSERT INTO app_meta (key, value) VALUES ('kommunekode', '751')");
    });
    assert.equal(cluster.psql(name, 'SELECT actor FROM sei.sei_export').trim(), 'lars');
  });

  test('a database of a newer version is refused in Danish and not touched', async () => {
    const name = await freshDb();
    cluster.psql(name, 'UPDATE sei.sei_schema SET version = 99');
    const r = await cli('db', 'init', cluster.url(name));
    assert.equal(r.code, 2);
    assert.match(r.err, /er fra en nyere version af SEI Genoptræning \(skemaversion 99\).*Databasen er ikke ændret/);
    assert.equal(cluster.psql(name, 'SELECT version FROM sei.sei_schema').trim(), '99');
  });

  test('db copy moves a desktop’s database in, identical row for row, with the counts printed', async () => {
    const name = await freshDb();
    const file = desktopDb();
    const r = await cli('db', 'copy', '--from', file, '--to', cluster.url(name));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /er kopieret til .*: \d+ rækker i alt/);
    assert.match(r.out, /ydelse\s+\d+/);

    const { db } = openDatabase(file, { readonly: true });
    const c = new pg.Client({ host: cluster.host, port: cluster.port, database: name, user: cluster.superuser, password: cluster.password });
    await c.connect();
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      assert.ok(tables.length >= 16);
      for (const t of tables) {
        // a ydelse's date and CPR number are integers in the file, text on the server: compared as the text
        const mine = (db.prepare(`SELECT * FROM ${t}`).all() as Row[]).map((r) => (t === 'ydelse' ? withTextValues(r as Row & { dato: number }) : r));
        const theirs = (
          await c.query({
            text: `SELECT * FROM sei.${t}`,
            types: { getTypeParser: (oid: number, f?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, f as 'text')) },
          })
        ).rows as Row[];
        assert.ok(mine.length > 0, `${t} has rows to compare`);
        assert.deepEqual(normal(theirs), normal(mine), `table ${t} is identical`);
      }
      // the next id the server gives follows the copied ones
      const next = await c.query("INSERT INTO sei.audit_log (at, actor, entity, entity_id, action) VALUES ('x', 'x', 'place', 1, 'x') RETURNING id");
      assert.equal(next.rows[0].id, String((db.prepare('SELECT max(id) AS m FROM audit_log').get() as { m: number }).m + 1));
    } finally {
      await c.end();
      db.close();
    }

    const again = await cli('db', 'copy', '--from', file, '--to', cluster.url(name));
    assert.equal(again.code, 2, 'a second copy into the same database is refused');
    assert.match(again.err, /indeholder allerede data .*Intet er ændret/);
  });

  test('db copy is all or nothing: a row the server rejects halfway leaves the database empty', async () => {
    const name = await freshDb();
    const file = desktopDb();
    const { db } = openDatabase(file);
    // a date SQLite's older schema did not check, and PostgreSQL does: found only when forløb is copied, after others
    db.prepare("UPDATE forloeb SET gop_received_date = '3. marts' WHERE id = (SELECT min(id) FROM forloeb)").run();
    db.close();
    const r = await cli('db', 'copy', '--from', file, '--to', cluster.url(name));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /Kopieringen stoppede ved tabellen forloeb.*Intet er kopieret/s);
    for (const t of ['audit_log', 'place', 'ydelse', 'forloeb']) assert.equal(cluster.psql(name, `SELECT count(*) FROM sei.${t}`).trim(), '0', t);
    assert.equal(cluster.psql(name, "SELECT count(*) FROM sei.app_meta WHERE key = 'installation_id'").trim(), '1', 'its own installation id is kept');
  });

  test('a wrong password, a missing database and a password in the URL are told in Danish, never showing the password', async () => {
    const name = await freshDb();
    const wrong = await cli('db', 'init', `postgres://anne:hemmelig@${cluster.host}:${cluster.port}/${name}`);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /adgangskoden står i adressen/);
    assert.match(wrong.err, /afviste brugeren anne: forkert adgangskode/);
    assert.doesNotMatch(wrong.err, /hemmelig/);
    const missing = await cli('db', 'init', cluster.url('findes_ikke'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Databasen findes_ikke findes ikke på serveren/);
    const refused = await cli('db', 'init', cluster.url(name, 'anne'));
    assert.equal(refused.code, 2);
    assert.match(refused.err, /må ikke oprette skemaet eller rollerne|db init skal køres af databasens ejer/);
  });

  test('two users save the same forløb at once through the app: the later one is refused, naming the other', async () => {
    const name = await freshDb();
    const anne = startBackend(cluster.url(name, 'anne'), 'browser');
    const lars = startBackend(cluster.url(name, 'lars'), 'browser');
    try {
      const info = (await dispatch(anne.handlers, 'app.info', {})) as { result: { user: string } };
      assert.equal(info.result.user, 'anne', 'the user is the database login');
      const call = async (b: typeof anne, n: string, a: unknown) =>
        (await dispatch(b.handlers, n as never, a)) as { ok: boolean; result: never; error: { message: string } };
      const input = { cpr: '0101902001', gopType: 'almen_basal', dischargeDate: '2026-11-01' };
      const f = (await call(anne, 'forloeb.create', { forloeb: input })).result as { id: number; updatedAt: string };
      await new Promise((r) => setTimeout(r, 5));
      const first = await call(lars, 'forloeb.update', { id: f.id, forloeb: { ...input, citizenName: 'Lars' }, basedOn: f.updatedAt });
      assert.ok(first.ok, first.error?.message);
      const second = await call(anne, 'forloeb.update', { id: f.id, forloeb: { ...input, citizenName: 'Anne' }, basedOn: f.updatedAt });
      assert.equal(second.ok, false);
      assert.match(second.error.message, /^Forløbet er ændret af lars .*, efter du åbnede det\. Dine ændringer er ikke gemt/);
      assert.equal(cluster.psql(name, 'SELECT citizen_name FROM sei.forloeb').trim(), 'Lars');
    } finally {
      anne.close();
      lars.close();
    }
  });

  test('many threads, each with its own connection, each get their own answers (the connection thread’s protocol)', async () => {
    const name = await freshDb();
    const wrong = await Promise.all(
      [1, 2, 3, 4].map(
        (seed) =>
          new Promise<number>((resolve, reject) => {
            const w = new Worker(new URL('../pg-echo-worker.ts', import.meta.url), {
              workerData: { url: cluster.url(name), password: cluster.password, n: 1500, seed },
            });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
    assert.deepEqual(wrong, [0, 0, 0, 0]);
  });

  test('a COPY the import does not wait for: its failure is thrown by the next statement, and its transaction keeps nothing', async () => {
    const name = await freshDb();
    const db = new PgDatabase(cluster.url(name));
    try {
      const good = 'A\tB\n';
      db.exec('CREATE TABLE later (a text NOT NULL, b text NOT NULL)');
      const write = db.transaction(() => {
        db.copyFromLater('COPY later (a, b) FROM STDIN', good);
        db.copyFromLater('COPY later (a, b) FROM STDIN', 'C\t\\N\n');
        db.copyFromLater('COPY later (a, b) FROM STDIN', good);
      });
      assert.throws(() => write(), /null value in column "b"/);
      assert.equal(db.prepare('SELECT count(*) FROM later').pluck().get(), 0);
      // a COPY that fails while the code around it fails too: still rolled back, the connection usable
      const both = db.transaction(() => {
        db.copyFromLater('COPY later (a, b) FROM STDIN', 'C\t\\N\n');
        throw new Error('fejl i programmet');
      });
      assert.throws(() => both(), /fejl i programmet/);
      assert.equal(db.prepare('SELECT count(*) FROM later').pluck().get(), 0);
      // the connection goes on: a later COPY and its count
      db.copyFromLater('COPY later (a, b) FROM STDIN', good);
      assert.equal(db.prepare('SELECT count(*) FROM later').pluck().get(), 1);
    } finally {
      db.close();
    }
  });

  test('a statement the export does not wait for (runLater): its failure is thrown by the next statement, and its transaction keeps nothing', async () => {
    const name = await freshDb();
    const db = new PgDatabase(cluster.url(name));
    try {
      db.exec('CREATE TABLE later (a text NOT NULL)');
      const insert = (a: string | null) => db.prepare('INSERT INTO later (a) VALUES (?)').later(a);
      const write = db.transaction(() => {
        insert('A');
        insert(null);
        insert('B');
      });
      assert.throws(() => write(), /null value in column "a"/);
      assert.equal(db.prepare('SELECT count(*) FROM later').pluck().get(), 0);
      // the last statement of a transaction: its failure is thrown by the COMMIT, which then keeps nothing
      assert.throws(() => db.transaction(() => insert(null))(), /null value in column "a"/);
      assert.equal(db.prepare('SELECT count(*) FROM later').pluck().get(), 0);
      db.transaction(() => insert('C'))();
      assert.equal(db.prepare('SELECT a FROM later').pluck().get(), 'C');
    } finally {
      db.close();
    }
  });

  test('COPY TO comes in parts: every row in order, also when other statements are answered in the middle of it', async () => {
    const name = await freshDb();
    const db = new PgDatabase(cluster.url(name));
    try {
      // ~6 MB of output: several parts of about a megabyte, whose edges fall inside rows
      const many = "SELECT g, repeat('æ', g % 97) || E'\\t' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'x' END FROM generate_series(1, 60000) g ORDER BY g";
      const check = (rows: Iterable<(string | null)[]>) => {
        let n = 0;
        for (const r of rows) {
          n++;
          assert.deepEqual(r, [String(n), `${'æ'.repeat(n % 97)}\t${n}`, n % 7 === 0 ? null : 'x']);
        }
        assert.equal(n, 60_000);
      };
      check(db.copyOut(many));
      // a statement sent while the output is being read: answered, and no part of the output is passed over
      const rows = db.copyOut(many);
      const first = rows.next();
      assert.equal(first.value?.[0], '1');
      assert.equal(db.prepare('SELECT 41 + 1').pluck().get(), 42);
      check(
        (function* () {
          yield first.value!;
          yield* rows;
        })(),
      );
      // one left unread: the next COPY TO reads past it and gives its own rows
      db.copyOut(many).next();
      assert.deepEqual([...db.copyOut('SELECT 1, 2')], [['1', '2']]);
      // a failing COPY TO throws when it is read, and the connection goes on
      assert.throws(() => [...db.copyOut('SELECT 1 / 0')], /division by zero/);
      assert.equal(db.prepare('SELECT 1').pluck().get(), 1);
    } finally {
      db.close();
    }
  });

  test('every call of the contract works on the shared database (as its administrator), the backup calls saying they are the server’s', async () => {
    const name = await freshDb();
    const dialogs = new ScriptedDialogs();
    const b = startBackend(cluster.url(name), 'electron', undefined, dialogs, { chooseStore: async () => {}, printer: new ScriptedPrinter() });
    try {
      await walkEveryCall((n, args) => dispatch(b.handlers, n as never, args), dialogs, tmpDir(), { shared: true });
    } finally {
      b.close();
    }
  });

  test('a therapist imports, the server refuses her the export; the administrator’s SEI file is the one SQLite gives', async () => {
    const name = await freshDb();
    const dir = tmpDir();
    const csv = path.join(dir, 'ydelser.csv');
    fs.writeFileSync(csv, ydelseCsv(2_000, 5, 1)); // 2,000 ydelser in January 2026 at five places
    const anne = cluster.url(name, 'anne');
    const lars = cluster.url(name, 'lars');
    const sqlite = tmpDbPath();
    const month = ['--month', '2026-01', '--kommune', '751', '--reporter-name', 'Lars', '--reporter-email', 'lars@aarhus.dk'];

    const imported = await cli('--db', anne, 'import-ydelser', csv, '--format', 'json');
    assert.equal(imported.code, 0, imported.err);
    assert.equal(JSON.parse(imported.out).imported, 2_000);
    assert.equal((await cli('--db', sqlite, '--ny', 'import-ydelser', csv)).code, 0);
    assert.equal(cluster.psql(name, 'SELECT DISTINCT actor FROM sei.import_batch').trim(), 'anne', 'the history names her login');

    const refused = await cli('--db', anne, 'sei-export', ...month, '--out', path.join(dir, 'anne.xml'));
    assert.equal(refused.code, 2);
    assert.match(refused.err, /Din databasebruger har ikke ret til dette.*sei_administrator/);
    assert.equal(fs.existsSync(path.join(dir, 'anne.xml')), false, 'no file claims an export that was not recorded');

    const shared = await cli('--db', lars, 'sei-export', ...month, '--out', path.join(dir, 'pg.xml'), '--format', 'json');
    assert.equal(shared.code, 0, shared.err);
    assert.equal((await cli('--db', sqlite, 'sei-export', ...month, '--out', path.join(dir, 'sqlite.xml'))).code, 0);
    // the same file but for what each database makes its own: its record-id prefix and the moment of the export
    const same = (f: string) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .replace(/<Dannet>[^<]*<\/Dannet>/g, '')
        .replace(/ id="[0-9a-f]{8}-/g, ' id="');
    assert.equal(same('pg.xml'), same('sqlite.xml'));
    assert.equal(JSON.parse(shared.out).records, 2_000);

    const listed = await cli('--db', anne, 'places', 'list', '--format', 'json');
    assert.equal(JSON.parse(listed.out).length, 5, 'the places the import made, seen by every user');
    // the command line as shipped (its bundle, and the connection thread's own file beside it)
    const shipped = spawnSync('bin/sei-genoptraening', ['places', 'list', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, SEI_GENOPTRAENING_DB: lars },
    });
    assert.equal(shipped.status, 0, shipped.stderr);
    assert.equal(JSON.parse(shipped.stdout).length, 5);
  });
});
