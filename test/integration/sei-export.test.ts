// The monthly SEI file: valid against the XML Schema (libxml2's xmllint), deterministic, and nothing lost after an
// export: an edit gives a rettelse, a deletion an annullering.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { type DB, openDatabase } from '../../db/open.ts';
import { STORES } from '../stores.ts';
import { storedDay } from '../../db/ydelse-values.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { monthsOverview } from '../../backend/services/months.ts';
import { createYdelser, deleteYdelse, listDeletedYdelser, restoreYdelse, updateYdelse, ydelseHistory } from '../../db/ydelser.ts';
import { exportedFile, exportMonth, planExport, renderXml } from '../../backend/services/sei-export.ts';
import { fileThread } from '../../backend/services/file-thread.ts';
import { MadeFile } from '../../backend/services/made-file.ts';
import { deferSentExportCheck, insertExport, nextExportId, saveSentRecords } from '../../db/sei.ts';
import { analyseYdelseCsv, writeYdelseCsv } from '../../backend/services/ydelse-csv-import.ts';
import { cpr, placeInput, sorCode, tmpDbPath, tmpDir } from '../helpers.ts';
import { createPlace } from '../../db/places.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { HEADER, hasXmllint, seed, seedInto, TODAY, xmllint } from '../sei-fixtures.ts';

const actions = (xml: string) => [...xml.matchAll(/<Aktivitet id="([^"]+)" handling="(\w+)">\s*<Dato>([\d-]+)</g)].map((m) => `${m[2]} ${m[3]}`);
const stripCreated = (xml: string) => xml.replace(/<Dannet>[^<]*<\/Dannet>/, '<Dannet/>');

let fresh: () => DB;
/** seed()'s data in a fresh database of the store under test. */
const seedHere = () => seedInto(fresh());
/** The seed and a month of several megabytes: 400 citizens with a ydelse on each day, imported as another system's CSV. */
async function seedLargeMonth(): Promise<DB> {
  const { db } = seedHere();
  const lines = ['cpr;dato;ydelseskode;kodetype;institutionskode;tillaegskoder;hjemme'];
  for (let i = 0; i < 400; i++) {
    const who = cpr(`${String(1 + (i % 28)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}${50 + Math.floor(i / 28)}`, '2001');
    for (let d = 1; d <= 30; d++)
      lines.push(`${who};2026-11-${String(d).padStart(2, '0')};BLNB1;SOR;${sorCode(5)};${i % 2 ? 'ZPW00900' : ''};${i % 5 ? 'nej' : 'ja'}`);
  }
  const analysis = await analyseYdelseCsv(db, Buffer.from(lines.join('\n')), 'stor.csv', TODAY);
  assert.equal(writeYdelseCsv(db, analysis, { skipInvalid: false, actor: 't' }).imported, 12_000);
  return db;
}
let sqliteOnly: string | false = false;

for (const store of STORES)
  describe(`the SEI file from ${store.name}`, { skip: store.skip }, () => {
    before(async () => {
      await store.start();
      fresh = store.fresh;
      sqliteOnly = store.name === 'SQLite' ? false : 'copies or downgrades the SQLite file itself';
    });
    after(() => store.stop());

    describe('the monthly SEI file', () => {
      test('the validation report: records with errors stay pending, warnings are counted', () => {
        const { db } = seedHere();
        const plan = planExport(db, '2026-11', TODAY);
        assert.deepEqual(plan.counts, { ny: 3, rettelse: 0, annullering: 0 });
        assert.equal(plan.pending.length, 1);
        assert.match(plan.pending[0]!.errors[0]!.message, /Stedet "Bakkehuset" har ingen kode endnu/);
        assert.ok(plan.warnings.some((w) => w.code === 'kodeliste_mangler' && w.count === 4));
      });

      test('the file is valid against the XML Schema, sorted by CPR, date and id, grouped per person', {
        skip: hasXmllint ? false : 'xmllint mangler (Debian-pakken libxml2-utils; .ci/run installerer den)',
      }, () => {
        const { db } = seedHere();
        const r = exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
        const v = xmllint(r.xml());
        assert.ok(v.ok, v.output);
        assert.deepEqual(actions(r.xml()), ['ny 2026-11-03', 'ny 2026-11-05', 'ny 2026-11-04']);
        assert.match(r.xml(), /<Kommunekode>0751<\/Kommunekode>/);
        assert.match(r.xml(), /<Periode><Aar>2026<\/Aar><Maaned>11<\/Maaned><\/Periode>/);
        assert.match(r.xml(), /<Navn>Anna Ærbødig<\/Navn>/);
        assert.match(r.xml(), /<Dannet>2026-12-03T09:00:00Z<\/Dannet>/);
        assert.match(r.xml(), /<AntalAktiviteter>3<\/AntalAktiviteter>/);
        assert.equal((r.xml().match(/<Person>/g) ?? []).length, 2);
        assert.match(r.xml(), /<Tillaegskode>ZPW00900<\/Tillaegskode>/);
        assert.match(r.xml(), /<Institution type="YDER">024015<\/Institution>\s*<Hjemmetraening>true</);
        assert.match(r.fileName, /^SEI-genoptraening-0751-2026-11-nr1\.xml$/);
        assert.match(r.sha256, /^[0-9a-f]{64}$/);
      });

      test("a citizen's records of one day are listed by their ids as texts, as SEI sorts them: …-10 before …-9", () => {
        const { db, center, ya } = seedHere();
        const forloeb = ya[0]!.forloebId!;
        // the seed's ydelser are 1–6: these are 7–14, on one day
        const same = createYdelser(
          db,
          forloeb,
          Array(8).fill('2026-11-20'),
          { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: center.id, hjemme: false },
          't',
          TODAY,
        );
        assert.deepEqual(
          same.map((y) => y.id),
          [7, 8, 9, 10, 11, 12, 13, 14],
        );
        const r = exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
        const ids = [...r.xml().matchAll(/<Aktivitet id="[^"]+-(\d+)" handling="ny">\s*<Dato>2026-11-20</g)].map((m) => Number(m[1]));
        assert.deepEqual(ids, [10, 11, 12, 13, 14, 7, 8, 9]);
      });

      test('the schema refuses what SEI would refuse (the check can fail)', { skip: hasXmllint ? false : 'xmllint mangler' }, () => {
        const { db } = seedHere();
        const xml = exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY).xml();
        assert.equal(xmllint(xml.replace('handling="ny"', 'handling="slettet"')).ok, false);
        assert.equal(xmllint(xml.replace('<CPR>0101902001</CPR>', '<CPR>010190-2001</CPR>')).ok, false);
        assert.equal(xmllint(xml.replace('version="1.0"', 'version="2.0"')).ok, false);
        const dup = xml.replace(/id="([^"]+)" handling="ny">\s*<Dato>2026-11-05/, (m) => m.replace(/id="[^"]+"/, `id="${/id="([^"]+)"/.exec(xml)![1]}"`));
        assert.equal(xmllint(dup).ok, false, 'the same id twice');
      });

      test('the same data gives the same bytes apart from the creation time', (t) => {
        if (sqliteOnly) return t.skip(sqliteOnly);
        const one = seed();
        const copy = path.join(tmpDir(), 'kopi.sqlite');
        one.db.prepare('VACUUM INTO ?').run(copy);
        const two = openDatabase(copy).db;
        const a = exportMonth(one.db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
        const b = exportMonth(two, '2026-11', HEADER, 'bo', new Date('2026-12-04T15:30:00Z'), TODAY);
        assert.notEqual(a.xml(), b.xml());
        assert.equal(stripCreated(a.xml()), stripCreated(b.xml()));
        assert.equal(renderXml(a.plan, { ...HEADER, kommunekode: '0751' }, new Date('2026-12-03T09:00:00Z')).toString('utf8'), a.xml());
      });

      test('after an export: an edit gives a rettelse, a deletion an annullering, a moved date both; nothing else is sent again', () => {
        const { db, ya, yb, center } = seedHere();
        exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
        assert.equal(planExport(db, '2026-11', TODAY).records.length, 0, 'nothing new');
        assert.throws(
          () => exportMonth(db, '2026-11', HEADER, 'anna', new Date(), TODAY),
          /Intet kan indberettes for november 2026: 1 ydelse har fejl, og resten er allerede indberettet/,
        );

        updateYdelse(db, ya[0]!.id, '2026-11-03', { ydelseskode: 'BLNB2', tillaegskoder: ['ZPW00900'], placeId: center.id, hjemme: false }, 'bo', TODAY);
        deleteYdelse(db, yb[0]!.id, 'bo', TODAY);
        updateYdelse(db, ya[1]!.id, '2026-12-02', { ydelseskode: 'BLNB1', tillaegskoder: ['ZPW00900'], placeId: center.id, hjemme: false }, 'bo', TODAY);
        const second = exportMonth(db, '2026-11', HEADER, 'bo', new Date('2026-12-05T09:00:00Z'), TODAY);
        assert.deepEqual(actions(second.xml()), ['rettelse 2026-11-03', 'annullering 2026-11-05', 'annullering 2026-11-04']);
        assert.match(second.xml(), /handling="rettelse">\s*<Dato>2026-11-03<\/Dato>\s*<Ydelseskode>BLNB2</);
        assert.match(
          second.xml(),
          /handling="annullering">\s*<Dato>2026-11-04<\/Dato>\s*<Ydelseskode>BLNB1<\/Ydelseskode>\s*<Institution type="YDER">024015/,
          'an annullering carries what was sent',
        );
        assert.equal(second.fileName.endsWith('-nr2.xml'), true);
        const ids = (xml: string) => [...xml.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
        const first = ids(exportMonth(db, '2026-12', HEADER, 'bo', new Date('2026-12-05T09:00:00Z'), TODAY).xml());
        assert.ok(first.includes(ids(second.xml())[1]), 'the moved record keeps its id in its new month');
        assert.equal(planExport(db, '2026-11', TODAY).records.length, 0, 'cancelled once, not again');
      });

      test('what was sent is kept packed, and a state kept unpacked by an earlier version is still read', () => {
        const { db, ya, center } = seedHere();
        exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
        const stored = db.prepare("SELECT records FROM sei_sent_month WHERE month = '2026-11'").pluck().get() as Buffer;
        assert.deepEqual([...stored.subarray(0, 2)], [0x1f, 0x8b], 'gzip');
        // as version 1.x wrote it: the lines as plain UTF-8
        const plain = zlib.gunzipSync(stored);
        assert.match(plain.toString('utf8'), /^\d+\t[^\t]+\tny\t\d{10}\|2026-11-/);
        db.prepare("UPDATE sei_sent_month SET records = ? WHERE month = '2026-11'").run(plain);
        assert.equal(planExport(db, '2026-11', TODAY).records.length, 0, 'nothing new');
        updateYdelse(db, ya[0]!.id, '2026-11-03', { ydelseskode: 'BLNB2', tillaegskoder: ['ZPW00900'], placeId: center.id, hjemme: false }, 'bo', TODAY);
        assert.deepEqual(
          planExport(db, '2026-11', TODAY)
            .records.list()
            .map((r) => r.action),
          ['rettelse'],
        );
      });

      test("the start page's chart: a year of months, each place's ydelser per month, the deleted not counted", () => {
        const { db, ya } = seedHere();
        deleteYdelse(db, ya[0]!.id, 'bo', TODAY);
        // in the home, not yet placed at the unit that performed it: counted without a place
        createYdelser(db, ya[0]!.forloebId!, ['2026-11-20'], { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: null, hjemme: true }, 'bo', TODAY);
        const { chart } = monthsOverview(db, TODAY);
        assert.equal(chart.months.length, 12);
        assert.deepEqual([chart.months[0], chart.months[11]], ['2026-01', '2026-12']);
        const last3 = Object.fromEntries(chart.series.map((s) => [s.name, s.counts.slice(9)]));
        assert.deepEqual(last3, {
          'Center Nord': [1, 1, 1],
          'Klinik Syd': [0, 1, 0],
          Bakkehuset: [0, 1, 0],
          'Uden sted': [0, 1, 0],
        });
        assert.equal(chart.series[0]!.name, 'Center Nord', 'most ydelser first');
      });

      test('a ydelse moved to another month after the export shows the month it left as changed, until it is exported again', () => {
        const { db, ya, center } = seedHere();
        const stateOf = (m: string) => monthsOverview(db, TODAY).months.find((x) => x.month === m)!.state;
        const t = Date.now() + 60_000; // after the seed's rows were written
        exportMonth(db, '2026-11', HEADER, 'anna', new Date(t), TODAY);
        assert.equal(stateOf('2026-11'), 'eksporteret');
        updateYdelse(
          db,
          ya[1]!.id,
          '2026-12-02',
          { ydelseskode: 'BLNB1', tillaegskoder: ['ZPW00900'], placeId: center.id, hjemme: false },
          'bo',
          TODAY,
          new Date(t + 60_000),
        );
        assert.equal(stateOf('2026-11'), 'aendret', 'the month it left carries an annullering now');
        exportMonth(db, '2026-11', HEADER, 'anna', new Date(t + 120_000), TODAY);
        assert.equal(stateOf('2026-11'), 'eksporteret');
      });

      test('what was sent before the upgrade to one row per month (schema 5) is kept: unchanged stays unsent, a deletion is cancelled', (t) => {
        if (sqliteOnly) return t.skip(sqliteOnly);
        const file = tmpDbPath();
        const v5 = seedSchema5(file);
        // what schema 5's export wrote: the export, and a row per record sent
        const exportId = v5.db
          .prepare(
            "INSERT INTO sei_export (month, at, actor, file_name, kommunekode, records, new_count, corrections, cancellations, pending, sha256) VALUES ('2026-11', '2026-12-03T09:00:00.000Z', 'anna', 'f.xml', '0751', 3, 3, 0, 0, 1, 'x')",
          )
          .run().lastInsertRowid;
        v5.db
          .prepare(
            `INSERT INTO sei_sent (ydelse_id, month, uid, action, content, export_id)
         SELECT y.id, '2026-11', (SELECT value FROM app_meta WHERE key = 'installation_id') || '-' || y.id, 'ny',
                y.cpr || '|' || y.dato || '|' || y.ydelseskode || '|' || y.tillaegskoder || '|' || p.code_type || '|' || p.code_value || '|' || y.hjemme, ?
         FROM ydelse y JOIN place p ON p.id = y.place_id WHERE y.dato LIKE '2026-11-%' AND p.code_type IS NOT NULL`,
          )
          .run(exportId);
        v5.db.close();

        const { db } = openDatabase(file);
        const plan = planExport(db, '2026-11', TODAY);
        assert.deepEqual([plan.records.length, plan.unchanged], [0, 3], 'the three records sent are still known as sent');
        deleteYdelse(db, v5.yb[0]!.id, 'bo', TODAY);
        const again = exportMonth(db, '2026-11', HEADER, 'bo', new Date('2026-12-05T09:00:00Z'), TODAY);
        assert.deepEqual(actions(again.xml()), ['annullering 2026-11-04']);
        assert.match(again.xml(), /<Institution type="YDER">024015<\/Institution>\s*<Hjemmetraening>true</, 'with the content sent before the upgrade');
      });

      test('a month of several megabytes: the file, the kept copy and the SHA-256 agree, and what was sent is read back whole', async () => {
        // the export makes its XML and its sent state a megabyte at a time (each piece written, hashed and packed as a
        // gzip member of its own): 12,000 records are ~3.3 MB of XML and ~1.1 MB of sent state
        const db = await seedLargeMonth();
        const target = path.join(tmpDir(), 'maaned.xml');
        fs.writeFileSync(target, 'en fil, der stod der før');
        const r = exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY, { target });
        assert.equal(r.plan.records.length, 12_003);
        const onDisk = fs.readFileSync(target);
        assert.ok(onDisk.length > 3_000_000, `${onDisk.length} bytes`);
        assert.equal(crypto.createHash('sha256').update(onDisk).digest('hex'), r.sha256);
        assert.ok(onDisk.equals(r.bytes()), 'the result is the file');
        assert.ok(exportedFile(db, r.exportId).bytes.equals(onDisk), 'the kept copy is the file');
        assert.equal(onDisk.toString('utf8'), renderXml(r.plan, { ...HEADER, kommunekode: '0751' }, new Date('2026-12-03T09:00:00Z')).toString('utf8'));
        assert.equal((onDisk.toString('utf8').match(/<Aktivitet /g) ?? []).length, 12_003, 'no record lost between pieces');
        if (hasXmllint) assert.ok(xmllint(onDisk.toString('utf8')).ok);

        assert.equal(planExport(db, '2026-11', TODAY).records.length, 0, 'every record read back as sent');
        const last = db
          .prepare('SELECT max(id) FROM ydelse WHERE dato BETWEEN ? AND ?')
          .pluck()
          .get(storedDay(db, '2026-11-01'), storedDay(db, '2026-11-30')) as number;
        deleteYdelse(db, last, 'bo', TODAY);
        assert.deepEqual(
          planExport(db, '2026-11', TODAY)
            .records.list()
            .map((x) => [x.ydelseId, x.action]),
          [[last, 'annullering']],
          'the last line of the sent state too',
        );
      });

      test('when the export cannot be committed after the file took its place, the file is removed and nothing is recorded', (t) => {
        if (sqliteOnly) return t.skip('the failure is made by an SQLite trigger and a deferred foreign key');
        const { db } = seedHere();
        // a foreign key checked at COMMIT, broken by a trigger on what was sent: the last step of the export fails
        db.exec(`CREATE TABLE guard (export_id INTEGER REFERENCES sei_export(id) DEFERRABLE INITIALLY DEFERRED);
                 CREATE TRIGGER refuse AFTER INSERT ON sei_sent_month BEGIN INSERT INTO guard VALUES (-1); END`);
        const target = path.join(tmpDir(), 'nov.xml');
        assert.throws(() => exportMonth(db, '2026-11', HEADER, 'anna', new Date(), TODAY, { target }), /FOREIGN KEY/);
        assert.deepEqual(fs.readdirSync(path.dirname(target)), [], 'neither the file nor a temporary file');
        assert.equal(db.prepare('SELECT count(*) FROM sei_export').pluck().get(), 0);
        db.exec('DROP TRIGGER refuse');
        assert.equal(exportMonth(db, '2026-11', HEADER, 'anna', new Date(), TODAY, { target }).plan.counts.ny, 3, 'everything goes out next time');
      });

      test('when recording a large export fails while its file is flushed, the file stands as before and nothing is recorded', async (t) => {
        if (sqliteOnly) return t.skip('the failure is made by an SQLite trigger');
        // several megabytes: the file is written and flushed by the file thread (made-file.ts) while the export is recorded
        const db = await seedLargeMonth();
        fileThread().waitReady();
        // the export's row is written last, while the file is flushed (what was sent is written before it)
        db.exec("CREATE TRIGGER refuse BEFORE INSERT ON sei_export BEGIN SELECT RAISE(ABORT, 'disken svigtede'); END");
        const target = path.join(tmpDir(), 'nov.xml');
        fs.writeFileSync(target, 'en fil, der stod der før');
        assert.throws(() => exportMonth(db, '2026-11', HEADER, 'anna', new Date(), TODAY, { target }), /disken svigtede/);
        assert.deepEqual(fs.readdirSync(path.dirname(target)), ['nov.xml'], 'no temporary file');
        assert.equal(fs.readFileSync(target, 'utf8'), 'en fil, der stod der før');
        assert.equal(db.prepare('SELECT count(*) FROM sei_export').pluck().get(), 0);
        db.exec('DROP TRIGGER refuse');
        assert.equal(exportMonth(db, '2026-11', HEADER, 'anna', new Date(), TODAY, { target }).plan.counts.ny, 12_003, 'everything goes out next time');
        assert.equal((fs.readFileSync(target, 'utf8').match(/<Aktivitet /g) ?? []).length, 12_003);
      });

      test('what was sent may name its export before the export is recorded, never one that is not: refused at COMMIT', () => {
        const { db } = seedHere();
        const sent = new MadeFile();
        sent.out.write('1\tx-1\tny\tindhold');
        sent.end();
        const record = (withExport: boolean) =>
          db.transaction(() => {
            const id = nextExportId(db);
            deferSentExportCheck(db);
            saveSentRecords(db, '2026-11', id, sent.packed);
            if (withExport)
              insertExport(db, id, {
                month: '2026-11',
                at: new Date().toISOString(),
                actor: 'anna',
                fileName: 'nov.xml',
                kommunekode: '751',
                records: 1,
                newCount: 1,
                corrections: 0,
                cancellations: 0,
                pending: 0,
                sha256: '0'.repeat(64),
                file: sent.packed,
              });
            return id;
          })();
        assert.throws(() => record(false), /FOREIGN KEY|foreign key/);
        assert.equal(db.prepare('SELECT count(*) FROM sei_sent_month').pluck().get(), 0, 'nothing kept');
        const id = record(true);
        assert.equal(db.prepare('SELECT export_id FROM sei_sent_month').pluck().get(), id);
        assert.equal(db.prepare('SELECT month FROM sei_export WHERE id = ?').pluck().get(id), '2026-11');
      });

      test('a month must be YYYY-MM, and the header must be complete', () => {
        const { db } = seedHere();
        assert.throws(() => planExport(db, '2026-13', TODAY), /"2026-13" er ikke en måned/);
        assert.throws(() => exportMonth(db, '2026-11', { ...HEADER, kommunekode: '' }, 'a'), /Kommunekoden mangler/);
        assert.throws(() => exportMonth(db, '2026-11', { ...HEADER, kommunekode: '411' }, 'a'), /ikke kode for en af de 98 kommuner/);
        assert.throws(() => exportMonth(db, '2026-11', { ...HEADER, reporterEmail: 'x' }, 'a'), /e-mail "x" er ikke gyldig/);
        assert.equal(planExport(db, '2026-11', TODAY).counts.ny, 3, 'a refused export records nothing');
      });
    });

    /**
     * seed()'s places, forløb and ydelser in a database of schema 5, written as that schema's code wrote them (today's
     * db/ functions write columns later migrations added).
     */
    function seedSchema5(file: string) {
      const { db } = openDatabase(file, { migrations: MIGRATIONS.slice(0, 5) });
      const at = '2026-11-20T10:00:00.000Z';
      const place = (name: string, code: { type: 'SOR' | 'YDER'; value: string } | null) =>
        createPlace(db, PlaceInput.parse(placeInput({ name, code })), 't').id;
      const center = place('Center Nord', { type: 'SOR', value: sorCode(5) });
      const klinik = place('Klinik Syd', { type: 'YDER', value: '24015' });
      const uden = place('Bakkehuset', null);
      const forloeb = db.prepare("INSERT INTO forloeb (cpr, gop_type, discharge_date, status, created_at, updated_at) VALUES (?, ?, ?, 'aktiv', ?, ?)");
      const a = Number(forloeb.run('0101902001', 'almen_basal', '2026-10-28', at, at).lastInsertRowid);
      const b = Number(forloeb.run('1503084567', 'specialiseret', '2026-11-01', at, at).lastInsertRowid);
      const ydelse = db.prepare(
        'INSERT INTO ydelse (forloeb_id, cpr, dato, ydelseskode, tillaegskoder, place_id, hjemme, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const y = (f: number, cpr: string, dato: string, placeId: number, hjemme: number, tillaeg = '') => ({
        id: Number(ydelse.run(f, cpr, dato, 'BLNB1', tillaeg, placeId, hjemme, at, at).lastInsertRowid),
      });
      const ya = [y(a, '0101902001', '2026-11-03', center, 0, 'ZPW00900'), y(a, '0101902001', '2026-11-05', center, 0, 'ZPW00900')];
      const yb = [y(b, '1503084567', '2026-11-04', klinik, 1)];
      y(b, '1503084567', '2026-11-06', uden, 0);
      y(a, '0101902001', '2026-10-30', center, 0);
      y(a, '0101902001', '2026-12-01', center, 0);
      return { db, ya, yb };
    }

    describe('undoing a deletion', () => {
      test('a deleted ydelse can be brought back until its month is exported after the deletion', () => {
        const { db, ya, yb } = seedHere();
        deleteYdelse(db, ya[0]!.id, 'bo', TODAY, new Date('2026-11-25T10:00:00Z'));
        assert.deepEqual(
          listDeletedYdelser(db).map((d) => [d.id, d.restorable]),
          [[ya[0]!.id, true]],
        );
        const back = restoreYdelse(db, ya[0]!.id, 'bo', TODAY);
        assert.equal(back.id, ya[0]!.id);
        assert.equal(ydelseHistory(db, ya[0]!.id)[0]!.action, 'Gendannet');
        assert.equal(planExport(db, '2026-11', TODAY).counts.ny, 3, 'it goes out as if never deleted');

        deleteYdelse(db, yb[0]!.id, 'bo', TODAY, new Date('2026-11-25T10:00:00Z'));
        exportMonth(db, '2026-11', HEADER, 'anna', new Date('2026-12-03T09:00:00Z'), TODAY);
        const [d] = listDeletedYdelser(db);
        assert.equal(d!.restorable, false);
        assert.match(d!.why!, /Måneden er eksporteret 03\.12\.2026 efter sletningen/);
        assert.throws(() => restoreYdelse(db, yb[0]!.id, 'bo', TODAY), /kan ikke gendannes: måneden er eksporteret 03\.12\.2026/);
        assert.throws(() => restoreYdelse(db, ya[0]!.id, 'bo', TODAY), /er ikke slettet/);
      });
    });
  });
