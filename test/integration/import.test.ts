// Import of ydelser from CSV on real database files: refusal leaves the database untouched, skip-invalid, encodings,
// separators, re-import without duplicates, places created and flagged, forløb found or created.

import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DB } from '../../db/open.ts';
import { type Store, STORES } from '../stores.ts';
import { deleteYdelse, listYdelser } from '../../db/ydelser.ts';
import { listForloeb } from '../../db/forloeb.ts';
import { monthMaybeChanged } from '../../db/sei.ts';
import { cprText } from '../../db/ydelse-values.ts';
import { createPlace, listPlaces } from '../../db/places.ts';
import { replaceSksList } from '../../db/sks.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { analyseYdelseCsv, BULK_ROWS, writeYdelseCsv } from '../../backend/services/ydelse-csv-import.ts';
import { decodeText, parseCsv } from '../../backend/services/csv.ts';
import { dbFingerprint, placeInput, sorCode, tmpDir } from '../helpers.ts';

const TODAY = '2026-11-22';
const SOR = sorCode(4844);
const HEADER = 'cpr;dato;ydelseskode;kodetype;institutionskode;tillægskoder;hjemme;ekstern_id';
const GOOD = [
  `010190-2001;2026-11-03;BLNB1;SOR;${SOR};;nej;K-1`,
  '0101902001;04-11-2026;BLNB1;YDER;24015;ZPW00900 | BAAA1;ja;K-2',
  `1503084567;2026-11-05;BLNB2;SOR;${SOR};;;K-3`,
];
const BAD = [
  `3202902001;2026-11-05;BLNB1;SOR;${SOR};;nej;K-4`, // impossible CPR date
  `0101902001;2026-11-31;BLNB1;SOR;${SOR};;nej;K-5`, // impossible date
  '0101902001;2026-11-06;BLNB1;SHAK;130;;nej;K-6', // malformed SHAK
];

function csv(lines: string[], header = HEADER): Buffer {
  return Buffer.from(`${[header, ...lines].join('\r\n')}\r\n`, 'utf8');
}

let store: Store = STORES[0]!;
function fresh(): { db: DB } {
  return { db: store.fresh() };
}
const isPg = (db: DB) => (db as unknown as { dialect?: string }).dialect === 'pg';

async function importBytes(db: DB, bytes: Buffer, skipInvalid = false, name = 'ydelser.csv') {
  const a = await analyseYdelseCsv(db, bytes, name, TODAY);
  return { a, r: writeYdelseCsv(db, a, { skipInvalid, actor: 'test' }) };
}

const dump = dbFingerprint;

for (const each of STORES)
  describe(`CSV import into ${each.name}`, { skip: each.skip }, () => {
    before(async () => {
      await each.start();
      store = each;
    });
    after(() => each.stop());

    describe('importing ydelser from CSV', () => {
      test('a good file is imported: ydelser placed, places created and flagged for completion', async () => {
        const { db } = fresh();
        const { a, r } = await importBytes(db, csv(GOOD));
        assert.equal(a.encoding, 'UTF-8');
        assert.equal(a.separator, ';');
        assert.deepEqual([r.imported, r.rejected, r.duplicates, r.placesCreated], [3, 0, 0, 2]);
        const places = listPlaces(db);
        assert.deepEqual(places.map((p) => [p.code?.value, p.needsCompletion]).sort(), [
          ['024015', true],
          [SOR, true],
        ]);
        const page = listYdelser(db, {}, TODAY);
        assert.equal(page.total, 3);
        const home = page.rows.find((y) => y.hjemme)!;
        assert.deepEqual(home.tillaegskoder, ['ZPW00900', 'BAAA1']);
        assert.deepEqual(home.institutionCode, { type: 'YDER', value: '024015' });
        assert.equal(home.dato, '2026-11-04', 'DD-MM-YYYY read');
        assert.ok(page.rows.every((y) => y.reportable));
      });

      test('a file with any error is refused whole, every error listed, the database untouched', async () => {
        const { db } = fresh();
        createPlace(db, PlaceInput.parse(placeInput({ code: { type: 'SOR', value: SOR } })), 't');
        const before = dump(db);
        const { r } = await importBytes(db, csv([...GOOD, ...BAD]));
        assert.equal(r.batchId, null);
        assert.equal(r.imported, 0);
        assert.equal(r.rejected, 3);
        assert.deepEqual(
          r.errors.map((e) => [e.line, e.column]),
          [
            [5, 'cpr'],
            [6, 'dato'],
            [7, 'institutionskode'],
          ],
        );
        assert.match(r.errors[0]!.message, /CPR-nummerets første 6 cifre er ikke en gyldig dato/);
        assert.match(r.errors[1]!.message, /"2026-11-31" er ikke en gyldig dato/);
        assert.match(r.errors[2]!.message, /SHAK-koden "130" har 3 tegn/);
        assert.equal(dump(db), before, 'nothing written');
      });

      test('with skip-invalid the good rows are imported and the bad ones go to the reject file', async () => {
        const { db } = fresh();
        const { r } = await importBytes(db, csv([...GOOD, ...BAD]), true);
        assert.deepEqual([r.imported, r.rejected], [3, 3]);
        const rejects = r.rejectCsv!;
        const lines = rejects.trim().split('\r\n');
        assert.equal(lines[0], `${HEADER};fejl`);
        assert.equal(lines.length, 4);
        assert.ok(lines[1]!.startsWith(BAD[0]!));
        assert.match(lines[1]!, /linje 5: cpr: CPR-nummerets/);
        // the reject file is itself a CSV the reader understands
        const parsed = [...parseCsv(decodeText(Buffer.from(rejects)).text, ';')];
        assert.equal(parsed.length, 4);
        assert.equal(parsed[1]!.fields.length, 9);
      });

      test('importing the same rows again does not duplicate them', async () => {
        const { db } = fresh();
        await importBytes(db, csv(GOOD));
        const again = await importBytes(db, csv([...GOOD, `0101902001;2026-11-07;BLNB1;SOR;${SOR};;nej;K-9`]));
        assert.deepEqual([again.r.imported, again.r.duplicates], [1, 3]);
        assert.equal(listYdelser(db, {}, TODAY).total, 4);
      });

      test("an imported ydelse keeps no time of its own: it has its import's, and a later import makes the month changed", async () => {
        const { db } = fresh();
        await importBytes(db, csv(GOOD));
        const batchAt = String(db.prepare('SELECT max(at) FROM import_batch').pluck().get());
        assert.deepEqual(db.prepare('SELECT DISTINCT created_at, updated_at FROM ydelse').all(), [{ created_at: null, updated_at: null }]);
        const y = listYdelser(db, {}, TODAY).rows[0]!;
        assert.deepEqual([y.createdAt, y.updatedAt], [batchAt, batchAt]);
        const changed = monthMaybeChanged(db);
        assert.equal(changed('2026-11-01', '2026-11-30', '2026-11', batchAt), false, 'nothing after the import');
        assert.equal(changed('2026-11-01', '2026-11-30', '2026-11', '2000-01-01T00:00:00.000Z'), true, 'the import came after');
        deleteYdelse(db, y.id, 'tester', TODAY, new Date(Date.parse(batchAt) + 60_000));
        assert.equal(changed('2026-11-01', '2026-11-30', '2026-11', batchAt), true, 'a ydelse deleted after');
      });

      test('a ydelse deleted in the app is not brought back by importing its row again', async () => {
        const { db } = fresh();
        await importBytes(db, csv(GOOD));
        const gone = listYdelser(db, {}, TODAY).rows.find((y) => y.eksternId === 'K-1')!;
        deleteYdelse(db, gone.id, 'test', TODAY);
        const again = await importBytes(db, csv(GOOD));
        assert.deepEqual([again.r.imported, again.r.duplicates], [0, 3]);
        assert.deepEqual(
          listYdelser(db, {}, TODAY)
            .rows.map((y) => y.eksternId)
            .sort(),
          ['K-2', 'K-3'],
        );
      });

      test('the same ekstern_id twice in one file is an error naming the first line', async () => {
        const { db } = fresh();
        const { r } = await importBytes(db, csv([GOOD[0]!, GOOD[0]!]));
        assert.equal(r.batchId, null);
        assert.deepEqual(r.errors, [{ line: 3, column: 'ekstern_id', message: 'ekstern_id "K-1" står også i linje 2.' }]);
      });

      test('Windows-1252 (Danish Excel) is detected: the header "tillægskoder" and Danish text survive', async () => {
        const { db } = fresh();
        const text = `${HEADER};gop_type\r\n0101902001;2026-11-03;BLNB1;SOR;${SOR};ZPW00900;nej;Ærø-1;almen_basal\r\n`;
        const bytes = Buffer.from(text, 'latin1'); // æ, ø, å are the same bytes in Windows-1252
        assert.ok(bytes.includes(0xe6), 'the file holds the single byte of æ');
        const { a, r } = await importBytes(db, bytes);
        assert.equal(a.encoding, 'Windows-1252');
        assert.equal(r.imported, 1);
        const y = listYdelser(db, {}, TODAY).rows[0]!;
        assert.equal(y.eksternId, 'Ærø-1');
        assert.deepEqual(y.tillaegskoder, ['ZPW00900']);
      });

      test('UTF-8 with BOM, comma separator and quoted fields', async () => {
        const { db } = fresh();
        const text = `\uFEFFcpr,dato,ydelseskode,kodetype,institutionskode,tillaegskoder,ekstern_id\n0101902001,2026-11-03,BLNB1,SOR,${SOR},"ZPW00900,BAAA1","Ø, ""x"""\n`;
        const { a, r } = await importBytes(db, Buffer.from(text, 'utf8'));
        assert.equal(a.encoding, 'UTF-8 med BOM');
        assert.equal(a.separator, ',');
        assert.equal(r.imported, 1);
        const y = listYdelser(db, {}, TODAY).rows[0]!;
        assert.deepEqual(y.tillaegskoder, ['ZPW00900', 'BAAA1']);
        assert.equal(y.eksternId, 'Ø, "x"');
      });

      test('a file read in many pieces: every row as written, a CPR number with its leading zero, long ids whole', async () => {
        const { db } = fresh();
        // ~300 KB: the text is read 64 KB at a time, so rows, quoted fields and characters are cut between pieces
        const n = 3000;
        const lines = Array.from(
          { length: n },
          (_, i) => `0101902001;2026-11-${String((i % 9) + 1).padStart(2, '0')};BLNB1;SOR;${SOR};;nej;"${crypto.randomUUID()}-Ærø;\r\n${i}"`,
        );
        const { a, r } = await importBytes(db, csv(lines));
        assert.equal(r.imported, n);
        assert.equal(a.totalRows, n);
        const rows = db.prepare('SELECT cpr, ekstern_id FROM ydelse').all() as { cpr: number | string; ekstern_id: string }[];
        assert.equal(rows.length, n);
        const expected = new Set(lines.map((l) => l.slice(l.indexOf('"') + 1, -1)));
        assert.deepEqual(new Set(rows.map((y) => y.ekstern_id)), expected);
        assert.deepEqual([...new Set(rows.map((y) => cprText(y.cpr)))], ['0101902001']);
      });

      test('a missing column, an empty file and a header-only file are refused with a Danish message', async () => {
        const { db } = fresh();
        await assert.rejects(
          analyseYdelseCsv(db, Buffer.from('cpr;dato;ydelseskode\n0101902001;2026-11-03;BLNB1\n'), 'x.csv', TODAY),
          /linje 1: kolonnerne "kodetype", "institutionskode" mangler/,
        );
        await assert.rejects(analyseYdelseCsv(db, Buffer.alloc(0), 'tom.csv', TODAY), /tom\.csv er tom/);
        await assert.rejects(analyseYdelseCsv(db, csv([]), 'kun.csv', TODAY), /kun en overskriftsrække/);
        await assert.rejects(analyseYdelseCsv(db, Buffer.from(`${HEADER}\n"0101902001;2026\n`), 'halv.csv', TODAY), /anførselstegn slutter aldrig/);
      });

      test('with a code list loaded, a code not valid on the day is an error of the file', async () => {
        const { db } = fresh();
        replaceSksList(
          db,
          [
            { code: 'BLNB1', text: 'Genoptræning', validFrom: '2020-01-01', validTo: null },
            { code: 'ZPW00900', text: 'Hjem', validFrom: '2020-01-01', validTo: null },
            { code: 'BAAA1', text: 'Hold', validFrom: '2020-01-01', validTo: '2026-11-03' },
          ],
          'sks.csv',
          't',
        );
        const { r } = await importBytes(db, csv(GOOD));
        assert.deepEqual(
          r.errors.map((e) => [e.line, e.column]),
          [
            [3, 'tillaegskoder'],
            [4, 'ydelseskode'],
          ],
        );
        assert.match(r.errors[0]!.message, /Tillægskoden BAAA1 er ikke gyldig den 2026-11-04/);
        assert.match(r.errors[1]!.message, /Ydelseskoden BLNB2 findes ikke/);
      });

      test("a GOP type finds or creates the forløb; without one the citizen's forløb is used", async () => {
        const { db } = fresh();
        const text = [
          `${HEADER};gop_type;udskrivningsdato`,
          `0101902001;2026-11-03;BLNB1;SOR;${SOR};;nej;F-1;almen_basal;2026-11-01`,
          `0101902001;2026-11-04;BLNB1;SOR;${SOR};;nej;F-2;almen_basal;01-11-2026`,
          `0101902001;2026-11-05;BLNB1;SOR;${SOR};;nej;F-3;;`,
        ].join('\n');
        const { r } = await importBytes(db, Buffer.from(text));
        assert.equal(r.forloebCreated, 1);
        const f = listForloeb(db, { status: 'alle' }, TODAY).rows;
        assert.equal(f.length, 1);
        assert.equal(f[0]!.ydelseCount, 3);
        assert.equal(f[0]!.dischargeDate, '2026-11-01');
        assert.equal(f[0]!.firstYdelseDate, '2026-11-03');
      });

      test('the KL Gateway columns: the GGOP sender (a checked SOR code) and the day the GOP came go on the forløb made', async () => {
        const { db } = fresh();
        const text = [
          `${HEADER};gop_type;udskrivningsdato;ggop_afsender_sor;gop_modtaget;starttid;sluttid;kontaktklasse`,
          `0101902001;2026-11-03;BLNB1;SOR;${SOR};;nej;G-1;almen_basal;2026-11-01;${sorCode(227)};31-10-2026;9.30;10:15;skaerm`,
          `1503084567;2026-11-03;BLNB1;SOR;${SOR};;nej;G-2;specialiseret;2026-11-01;12345;2026-10-31;25:00;;fax`,
        ].join('\n');
        const a = await analyseYdelseCsv(db, Buffer.from(text), 'kl.csv', TODAY);
        assert.deepEqual(
          a.errors.map((e) => [e.line, e.column]),
          [
            [3, 'ggop_afsender_sor'],
            [3, 'starttid'],
            [3, 'kontaktklasse'],
          ],
          'a SOR code that is not one is refused on its line and column',
        );
        writeYdelseCsv(db, a, { skipInvalid: true, actor: 'test' });
        const [f] = listForloeb(db, { status: 'alle' }, TODAY).rows;
        assert.equal(f!.ggopSenderSor, sorCode(227));
        assert.equal(f!.gopReceivedDate, '2026-10-31');
        const [y] = listYdelser(db, {}, TODAY).rows;
        assert.deepEqual([y!.startTime, y!.endTime, y!.contactClass], ['09:30', '10:15', 'skaerm']);
      });

      test('rows with and without the optional columns in one file keep each their own values (none taken from a neighbour)', async () => {
        const { db } = fresh();
        const text = [
          `${HEADER};gop_type;udskrivningsdato;starttid;sluttid;kontaktklasse`,
          `1503084567;2026-11-04;BLNB1;SOR;${SOR};;ja;;;;;;`,
          `0101902001;2026-11-03;BLNB1;SOR;${SOR};;nej;M-1;almen_basal;2026-11-01;08:00;08:45;HH`,
          `1503084567;2026-11-05;BLNB1;SOR;${SOR};ZPW00900;nej;M-3;;;;;telefon`,
        ].join('\n');
        const { r } = await importBytes(db, Buffer.from(text));
        assert.equal(r.imported, 3);
        const rows = listYdelser(db, {}, TODAY)
          .rows.map((y) => [y.dato, y.startTime, y.endTime, y.contactClass, y.forloebId !== null, y.hjemme, y.tillaegskoder])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        assert.deepEqual(rows, [
          ['2026-11-03', '08:00', '08:45', 'HH', true, false, []],
          ['2026-11-04', null, null, null, false, true, []],
          ['2026-11-05', null, null, 'telefon', false, false, ['ZPW00900']],
        ]);
      });
    });
  });

describe('the command line import-ydelser (and its first name, import-activities)', () => {
  function cli(args: string[]) {
    const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', ...args], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  test('exit 0 and the JSON counts when it imported', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'ydelser.csv');
    fs.writeFileSync(file, csv(GOOD));
    const db = path.join(dir, 'db.sqlite');
    const r = cli(['import-ydelser', file, '--db', db, '--ny', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    // warnings: the three CPR numbers fail the old modulus-11 check (allowed), and no SKS code list is loaded
    assert.deepEqual(JSON.parse(r.out), { imported: 3, rejected: 0, warnings: 4, duplicates: 0, errorCount: 0, errors: [] });
  });

  test('the first name, import-activities, still works for scripts that call it', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'ydelser.csv');
    fs.writeFileSync(file, csv(GOOD));
    const r = cli(['import-activities', file, '--db', path.join(dir, 'db.sqlite'), '--ny', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).imported, 3);
  });

  test('the text report names every warning it counts', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'ydelser.csv');
    fs.writeFileSync(file, csv(GOOD));
    const r = cli(['import-ydelser', file, '--db', path.join(dir, 'db.sqlite'), '--ny']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Importeret: 3 ydelser\.\n[^]*4 advarsler \(blokerer ikke\):\n(  .+\n){4}/);
  });

  test('exit 1 when it refused the file, with every error; --skip-invalid writes the reject file', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'ydelser.csv');
    fs.writeFileSync(file, csv([...GOOD, ...BAD]));
    const db = path.join(dir, 'db.sqlite');
    const refused = cli(['import-ydelser', file, '--db', db, '--ny', '--format', 'json']);
    assert.equal(refused.code, 1);
    const out = JSON.parse(refused.out) as { imported: number; rejected: number; errors: { line: number; column: string; message: string }[] };
    assert.equal(out.imported, 0);
    assert.equal(out.rejected, 3);
    assert.deepEqual(
      out.errors.map((e) => e.line),
      [5, 6, 7],
    );
    const rejects = path.join(dir, 'afviste.csv');
    const skipped = cli(['import-ydelser', file, '--db', db, '--ny', '--skip-invalid', '--rejects', rejects, '--format', 'json']);
    assert.equal(skipped.code, 0, skipped.err);
    assert.equal(JSON.parse(skipped.out).imported, 3);
    assert.equal(fs.readFileSync(rejects, 'utf8').trim().split('\r\n').length, 4);
  });

  test('exit 2 for bad usage or an unreadable file', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'db.sqlite');
    assert.equal(cli(['import-ydelser', '--db', db, '--ny']).code, 2);
    const missing = cli(['import-ydelser', path.join(dir, 'findes-ikke.csv'), '--db', db, '--ny']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /findes ikke/);
    assert.equal(cli(['import-ydelser', dir, '--db', db, '--ny']).code, 2);
    assert.equal(cli(['import-ydelser', 'x.csv', '--db', db, '--ny', '--bogus']).code, 2);
  });
});

for (const each of STORES)
  describe(`a large import into ${each.name}`, { skip: each.skip }, () => {
    before(async () => {
      await each.start();
      store = each;
    });
    after(() => each.stop());

    describe('a large import', () => {
      function bigCsv(n: number): Buffer {
        const lines = [HEADER];
        for (let i = 0; i < n; i++) lines.push(`0101902001;2026-11-${String(1 + (i % 28)).padStart(2, '0')};BLNB1;SOR;${SOR};;nej;B-${i}`);
        return Buffer.from(lines.join('\n'));
      }
      const indexes = (db: DB) =>
        db
          .prepare(
            isPg(db)
              ? "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'sei' AND tablename = 'ydelse' ORDER BY 1"
              : "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'ydelse' ORDER BY name",
          )
          .all();

      test('keeps every index of the table (they are rebuilt after the insert)', async () => {
        const { db } = fresh();
        const before = indexes(db);
        const { r } = await importBytes(db, bigCsv(BULK_ROWS));
        assert.equal(r.imported, BULK_ROWS);
        assert.deepEqual(indexes(db), before);
        assert.equal(listYdelser(db, { search: '0101902001' }, TODAY).total, BULK_ROWS);
      });

      test('a failure in the middle of the write leaves the database as it was, indexes and all', async () => {
        const { db } = fresh();
        await importBytes(db, csv(GOOD));
        db.exec(
          isPg(db)
            ? `CREATE FUNCTION crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk fuld'; END $$;
           CREATE TRIGGER crash BEFORE INSERT ON ydelse FOR EACH ROW WHEN (NEW.ekstern_id = 'B-${BULK_ROWS - 10}') EXECUTE FUNCTION crash()`
            : `CREATE TRIGGER crash BEFORE INSERT ON ydelse WHEN NEW.ekstern_id = 'B-${BULK_ROWS - 10}' BEGIN SELECT RAISE(ABORT, 'disk fuld'); END`,
        );
        const before = dump(db);
        const beforeIndexes = indexes(db);
        const a = await analyseYdelseCsv(db, bigCsv(BULK_ROWS), 'stor.csv', TODAY);
        assert.throws(() => writeYdelseCsv(db, a, { skipInvalid: false, actor: 'test' }), /disk fuld/);
        assert.equal(dump(db), before);
        assert.deepEqual(indexes(db), beforeIndexes);
        assert.equal(listYdelser(db, {}, TODAY).total, 3);
      });
    });
  });
