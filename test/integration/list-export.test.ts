// Lists to the office: the ydelser list, filtered as in the window, to an Excel workbook and to CSV, on both stores.
// The workbook is read back with another library than the one that wrote it (SheetJS, not exceljs): real dates, CPR
// numbers as text with their leading zero, numbers as numbers, a frozen header row with a filter; the CSV is read back
// with the CSV import's own reader. And the command line's `ydelser list` in every format.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import XLSX from 'xlsx';
import { decodeText, detectSeparator, parseCsv } from '../../backend/services/csv.ts';
import { FORLOEB_LIST, PLACE_LIST, writeList, YDELSE_LIST } from '../../backend/services/lists/list-export.ts';
import { FORLOEB_COLUMNS } from '../../backend/services/lists/forloeb-columns.ts';
import { PLACE_COLUMNS } from '../../backend/services/lists/place-columns.ts';
import { FORLOEB_SORTS, PLACE_SORTS, YDELSE_SORTS } from '../../schemas/list-sort.ts';
import { YDELSE_COLUMNS } from '../../backend/services/lists/ydelse-columns.ts';
import { createForloeb, listForloeb } from '../../db/forloeb.ts';
import { type DB, openDatabase } from '../../db/open.ts';
import { createPlace, listPlaces } from '../../db/places.ts';
import { createYdelser, everyYdelse, listYdelser } from '../../db/ydelser.ts';
import { ForloebInput } from '../../schemas/forloeb-ydelser.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { STORES } from '../stores.ts';
import { cpr, placeInput, sorCode, tmpDbPath, tmpDir } from '../helpers.ts';

const TODAY = '2026-04-30';
// a CPR number with a leading zero: Excel would drop it from a number
const CITIZEN = cpr('010190', '2001');
const OTHER = cpr('150277', '9995');

function seed(db: DB) {
  const center = createPlace(db, PlaceInput.parse(placeInput({ name: 'Genoptræning Øst', code: { type: 'SOR', value: sorCode(1037) } })), 't');
  const home = createPlace(db, PlaceInput.parse(placeInput({ name: 'Hjemmetræning; "Vest"', code: null })), 't');
  const f = createForloeb(db, ForloebInput.parse({ cpr: CITIZEN, gopType: 'almen_basal', dischargeDate: '2026-02-27' }), 't', TODAY);
  const g = createForloeb(db, ForloebInput.parse({ cpr: OTHER, gopType: 'almen_basal', dischargeDate: '2026-03-01' }), 't', TODAY);
  createYdelser(
    db,
    f.id,
    ['2026-03-02', '2026-03-05', '2026-03-31'],
    { ydelseskode: 'BLNB1', tillaegskoder: ['ZPW00900'], placeId: center.id, hjemme: false },
    't',
    TODAY,
  );
  createYdelser(db, f.id, ['2026-04-01'], { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: center.id, hjemme: false }, 't', TODAY);
  createYdelser(db, g.id, ['2026-03-03', '2026-03-04'], { ydelseskode: 'BLNB2', tillaegskoder: [], placeId: home.id, hjemme: true }, 't', TODAY);
  return { center, home };
}

const MARCH = { from: '2026-03-01', to: '2026-03-31' };

function readBook(file: string) {
  const book = XLSX.read(fs.readFileSync(file), { bookFiles: true } as XLSX.ParsingOptions);
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  const files = (book as unknown as { files: Record<string, { content: Uint8Array }> }).files;
  const sheetXml = Buffer.from(files['xl/worksheets/sheet1.xml']!.content).toString('utf8');
  return { book, sheet, sheetXml };
}

for (const store of STORES)
  describe(`the ydelser list to Excel and CSV from ${store.name}`, { skip: store.skip }, () => {
    let db: DB;
    let places: ReturnType<typeof seed>;
    before(async () => {
      await store.start();
      db = store.fresh();
      places = seed(db);
    });
    after(() => store.stop());

    test('the list filters by period: a month, or from a day, and pages through them all in the list’s order', () => {
      const march = listYdelser(db, MARCH, TODAY);
      assert.equal(march.total, 5);
      assert.deepEqual(
        march.rows.map((y) => y.dato),
        ['2026-03-31', '2026-03-05', '2026-03-04', '2026-03-03', '2026-03-02'],
      );
      assert.deepEqual(
        listYdelser(db, { from: '2026-03-31' }, TODAY).rows.map((y) => y.dato),
        ['2026-04-01', '2026-03-31'],
      );
      // pages of two: the same rows as the list, none twice
      assert.deepEqual(
        [...everyYdelse(db, MARCH, TODAY, 2)].map((y) => y.id),
        march.rows.map((y) => y.id),
      );
      assert.deepEqual(
        [...everyYdelse(db, { ...MARCH, onlyNotReportable: true }, TODAY, 2)].map((y) => y.placeName),
        ['Hjemmetræning; "Vest"', 'Hjemmetræning; "Vest"'],
        'only the ones that cannot be reported (the place has no code)',
      );
    });

    test('the list sorts by its columns, rising and falling, and pages through in that order (the keyset follows the sort)', () => {
      const all = listYdelser(db, {}, TODAY).rows;
      const key = { cpr: (y: (typeof all)[0]) => y.cpr, kode: (y: (typeof all)[0]) => y.ydelseskode, dato: (y: (typeof all)[0]) => y.dato };
      for (const by of Object.keys(YDELSE_SORTS) as (keyof typeof YDELSE_SORTS)[])
        for (const dir of ['asc', 'desc'] as const) {
          const sign = dir === 'asc' ? 1 : -1;
          const expected = [...all]
            .sort((a, b) => sign * (key[by](a).localeCompare(key[by](b)) || a.dato.localeCompare(b.dato) || a.id - b.id))
            .map((y) => y.id);
          const sort = { by, dir };
          assert.deepEqual(
            listYdelser(db, { sort }, TODAY).rows.map((y) => y.id),
            expected,
            `${by} ${dir}`,
          );
          // pages of two through the cursor, and the export's pages: the same order, none twice
          const paged: number[] = [];
          let after = null;
          do {
            const page: ReturnType<typeof listYdelser> = listYdelser(db, { sort, after, limit: 2 }, TODAY);
            paged.push(...page.rows.map((y) => y.id));
            after = page.next;
          } while (after);
          assert.deepEqual(paged, expected, `${by} ${dir}, a page at a time`);
          assert.deepEqual(
            [...everyYdelse(db, { sort }, TODAY, 2)].map((y) => y.id),
            expected,
          );
        }
    });

    test('the forløb and the places lists sort by their columns; the forløb list filters by the discharge date', () => {
      const names = (sort: { by: keyof typeof FORLOEB_SORTS; dir: 'asc' | 'desc' }) => listForloeb(db, { status: 'alle', sort }, TODAY).rows.map((f) => f.cpr);
      assert.deepEqual(names({ by: 'cpr', dir: 'asc' }), [CITIZEN, OTHER]);
      assert.deepEqual(names({ by: 'cpr', dir: 'desc' }), [OTHER, CITIZEN]);
      assert.deepEqual(names({ by: 'ydelser', dir: 'desc' }), [CITIZEN, OTHER], '4 ydelser before 2');
      assert.deepEqual(names({ by: 'udskrevet', dir: 'asc' }), [CITIZEN, OTHER]);
      assert.deepEqual(
        listForloeb(db, { status: 'alle', from: '2026-02-28' }, TODAY).rows.map((f) => f.cpr),
        [OTHER],
        'discharged from 28 February',
      );
      assert.deepEqual(
        listForloeb(db, { status: 'alle', to: '2026-02-28' }, TODAY).rows.map((f) => f.cpr),
        [CITIZEN],
      );
      const placeNames = (sort: { by: keyof typeof PLACE_SORTS; dir: 'asc' | 'desc' }) => listPlaces(db, { sort }).map((p) => p.name);
      assert.deepEqual(placeNames({ by: 'navn', dir: 'desc' }), ['Hjemmetræning; "Vest"', 'Genoptræning Øst']);
      // a place without a code comes last both ways
      assert.deepEqual(placeNames({ by: 'kode', dir: 'asc' }), ['Genoptræning Øst', 'Hjemmetræning; "Vest"']);
      assert.deepEqual(placeNames({ by: 'kode', dir: 'desc' }), ['Genoptræning Øst', 'Hjemmetræning; "Vest"']);
    });

    test('the forløb and the places lists to Excel: their own columns, dates as dates, counts as numbers', async () => {
      const file = path.join(tmpDir(), 'forloeb.xlsx');
      assert.equal(await writeList(FORLOEB_LIST, db, { status: 'alle', sort: { by: 'cpr', dir: 'asc' } }, 'xlsx', file, TODAY), 2);
      const { sheet } = readBook(file);
      const header = FORLOEB_COLUMNS.map((_, i) => sheet[XLSX.utils.encode_cell({ r: 0, c: i })]?.v);
      assert.deepEqual(
        header,
        FORLOEB_COLUMNS.map((c) => c.header),
      );
      const cell = (r: number, name: string) => sheet[XLSX.utils.encode_cell({ r, c: header.indexOf(name) })];
      assert.deepEqual([cell(1, 'CPR-nummer').t, cell(1, 'CPR-nummer').v], ['s', CITIZEN]);
      assert.equal(cell(1, 'Udskrevet').t, 'n');
      assert.equal(cell(1, 'Udskrevet').w, '27-02-2026');
      assert.equal(cell(1, 'Første ydelse').w, '02-03-2026');
      assert.deepEqual([cell(1, 'Ydelser').t, cell(1, 'Ydelser').v], ['n', 4]);
      assert.equal(cell(2, 'Ydelser').v, 2);
      const places = path.join(tmpDir(), 'steder.csv');
      assert.equal(await writeList(PLACE_LIST, db, {}, 'csv', places, TODAY), 2);
      const records = [...parseCsv(decodeText(fs.readFileSync(places)).text, ';')].map((r) => r.fields);
      assert.deepEqual(
        records[0],
        PLACE_COLUMNS.map((c) => c.header),
      );
      assert.deepEqual(
        records.slice(1).map((r) => [r[0], r[2]]),
        [
          ['Genoptræning Øst', `SOR ${sorCode(1037)}`],
          ['Hjemmetræning; "Vest"', 'Ingen kode endnu'],
        ],
      );
    });

    test('to Excel: Danish headers, real dates, CPR numbers as text, numbers as numbers, a frozen header row with a filter, widths', async () => {
      const file = path.join(tmpDir(), 'ydelser.xlsx');
      const rows = await writeList(YDELSE_LIST, db, MARCH, 'xlsx', file, TODAY);
      assert.equal(rows, 5);
      if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'CPR numbers: readable by the owner only');
      const { sheet, sheetXml } = readBook(file);
      assert.equal(sheet['!ref'], `A1:${String.fromCharCode(64 + YDELSE_COLUMNS.length)}6`);
      const header = YDELSE_COLUMNS.map((_, i) => sheet[XLSX.utils.encode_cell({ r: 0, c: i })]?.v);
      assert.deepEqual(header, [
        'Dato',
        'CPR-nummer',
        'Ydelseskode',
        'Tillægskoder',
        'Sted',
        'Institutionskode',
        'I hjemmet',
        'Start',
        'Slut',
        'Kontaktform',
        'Kan indberettes',
        'Hvorfor ikke',
        'Advarsler',
        'Ekstern id',
        'Forløb',
        'Ydelse',
      ]);
      const col = (name: string) => header.indexOf(name);
      const cell = (r: number, name: string) => sheet[XLSX.utils.encode_cell({ r, c: col(name) })];
      // the first row: the newest, 31 March
      const dato = cell(1, 'Dato');
      assert.equal(dato.t, 'n', 'a date is an Excel date (a serial number) …');
      assert.equal(XLSX.SSF.format('yyyy-mm-dd', dato.v), '2026-03-31');
      assert.equal(dato.w, '31-03-2026', '… shown as Danes write it');
      assert.deepEqual([cell(1, 'CPR-nummer').t, cell(1, 'CPR-nummer').v], ['s', CITIZEN], 'the CPR number is text, its leading zero kept');
      assert.deepEqual([cell(1, 'Ydelse').t, typeof cell(1, 'Ydelse').v], ['n', 'number']);
      assert.equal(cell(1, 'Tillægskoder').v, 'ZPW00900');
      assert.equal(cell(1, 'Institutionskode').v, `SOR ${sorCode(1037)}`);
      const blocked = [3, 4].map((r) => [cell(r, 'Sted').v, cell(r, 'Kan indberettes').v, String(cell(r, 'Hvorfor ikke').v)]);
      for (const [place, reportable, why] of blocked) {
        assert.equal(place, 'Hjemmetræning; "Vest"');
        assert.equal(reportable, 'Nej');
        assert.match(why, /kode/i, 'why it cannot be reported');
      }
      assert.match(sheetXml, /<pane[^>]*ySplit="1"[^>]*state="frozen"/, 'the header row is frozen');
      assert.match(sheetXml, /<autoFilter ref="A1:P1"/, 'and has a filter');
      assert.match(sheetXml, /<col min="5" max="5" width="30/, 'the place column is wide enough for a name');
    });

    test('to CSV: UTF-8 with BOM, semicolons, dates dd-mm-åååå; the CSV import’s reader reads the same values', async () => {
      const file = path.join(tmpDir(), 'ydelser.csv');
      await writeList(YDELSE_LIST, db, { placeId: places.home.id }, 'csv', file, TODAY);
      const bytes = fs.readFileSync(file);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark: Danish Excel reads æ, ø and å right');
      const { text, encoding } = decodeText(bytes);
      assert.equal(encoding, 'UTF-8 med BOM');
      assert.ok(text.includes('\r\n'));
      const records = [...parseCsv(text, detectSeparator(text.slice(0, text.indexOf('\r\n'))))];
      assert.equal(detectSeparator(text.slice(0, text.indexOf('\r\n'))), ';');
      const [head, ...rows] = records.map((r) => r.fields);
      assert.deepEqual(
        head,
        YDELSE_COLUMNS.map((c) => c.header),
      );
      const expected = [...everyYdelse(db, { placeId: places.home.id }, TODAY)];
      assert.equal(rows.length, 2);
      rows.forEach((fields, i) => {
        const y = expected[i]!;
        assert.equal(fields[0], `${y.dato.slice(8)}-${y.dato.slice(5, 7)}-${y.dato.slice(0, 4)}`);
        assert.equal(fields[1], y.cpr);
        assert.equal(fields[4], 'Hjemmetræning; "Vest"', 'a field with ; and " comes back whole');
        assert.equal(fields[6], 'Ja', 'in the home');
        assert.equal(Number(fields[15]), y.id);
      });
    });
  });

describe('ydelser, forloeb and places list on the command line', () => {
  let file: string;
  before(() => {
    file = tmpDbPath();
    const { db } = openDatabase(file);
    seed(db);
    db.close();
  });
  const run = (list: string, args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', list, 'list', '--db', file, ...args], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const cli = (...args: string[]) => run('ydelser', args);

  test('--sorter on each list; forloeb list by period and status; places list to CSV and Excel', () => {
    const y = cli('--sorter', 'cpr', '--format', 'json');
    assert.equal(y.code, 0, y.err);
    assert.deepEqual([...new Set((JSON.parse(y.out) as { cpr: string }[]).map((r) => r.cpr))], [CITIZEN, OTHER]);
    const f = run('forloeb', ['--status', 'alle', '--sorter', 'cpr', '--faldende']);
    assert.equal(f.code, 0, f.err);
    assert.match(f.out, /^CPR-nummer +Navn +Genoptræningsplan/);
    assert.ok(f.out.indexOf(OTHER) < f.out.indexOf(CITIZEN), 'falling CPR order');
    const march = run('forloeb', ['--month', '2026-03', '--format', 'csv']);
    assert.equal(march.code, 0, march.err);
    assert.equal(march.out.trim().split('\r\n').length, 2, 'the header and the one discharged in March');
    assert.match(march.out, new RegExp(`\r\n${OTHER};`));
    const out = path.join(tmpDir(), 'forloeb.xlsx');
    const x = run('forloeb', ['--status', 'alle', '--format', 'xlsx', '--out', out]);
    assert.equal(x.code, 0, x.err);
    assert.match(x.out, /2 forløb er skrevet til/);
    assert.equal(readBook(out).sheet['!ref'], `A1:${String.fromCharCode(64 + FORLOEB_COLUMNS.length)}3`);
    const p = run('places', ['--sorter', 'navn', '--faldende', '--format', 'csv']);
    assert.equal(p.code, 0, p.err);
    assert.match(p.out, /^\uFEFFNavn;Type;Institutionskode;/);
    assert.ok(p.out.indexOf('Vest') < p.out.indexOf('Øst'));
    const px = path.join(tmpDir(), 'steder.xlsx');
    assert.equal(run('places', ['--format', 'xlsx', '--out', px]).code, 0);
    assert.equal(readBook(px).sheet['!ref'], `A1:${String.fromCharCode(64 + PLACE_COLUMNS.length)}3`);
    for (const [list, args, message] of [
      ['ydelser', ['--sorter', 'sted'], /--sorter "sted" kendes ikke: brug dato, cpr, kode/],
      ['forloeb', ['--status', 'lukket'], /--status "lukket" kendes ikke/],
      ['forloeb', ['--frist', 'snart'], /--frist "snart" kendes ikke/],
      ['places', ['--format', 'xlsx'], /angiv --out/],
      ['places', ['--faldende'], /--faldende bruges med --sorter/],
      ['places', ['--sorter'], /Forkert brug: --sorter skal efterfølges af en værdi/],
      ['places', ['--sortér', 'navn'], /Forkert brug: Ukendt tilvalg: --sortér/],
    ] as const) {
      const r = run(list, [...args]);
      assert.equal(r.code, 2, `${list} ${args.join(' ')}: ${r.out}`);
      assert.match(r.err, message);
    }
  });

  test('--month as a table, JSON and CSV; --out to an Excel workbook', () => {
    const t = cli('--month', '2026-03');
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /^Dato +CPR-nummer +Ydelseskode/);
    assert.match(t.out, /31\.03\.2026 +0101902001 +BLNB1 +ZPW00900/);
    assert.equal(t.out.trim().split('\n').length, 6);
    const j = cli('--month', '2026-03', '--kode', 'BLNB2', '--format', 'json');
    assert.equal(j.code, 0, j.err);
    assert.deepEqual(
      (JSON.parse(j.out) as { dato: string }[]).map((y) => y.dato),
      ['2026-03-04', '2026-03-03'],
    );
    const c = cli('--fra', '2026-04-01', '--format', 'csv');
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /^\uFEFFDato;CPR-nummer;/);
    assert.match(c.out, /\r\n01-04-2026;0101902001;BLNB1;/);
    const out = path.join(tmpDir(), 'marts.xlsx');
    const x = cli('--month', '2026-03', '--kun-ikke-indberetbare', '--format', 'xlsx', '--out', out);
    assert.equal(x.code, 0, x.err);
    assert.match(x.out, /2 ydelser er skrevet til/);
    assert.equal(readBook(out).sheet['!ref'], 'A1:P3');
  });

  test('bad usage is refused in Danish with exit 2, and nothing is written', () => {
    for (const [args, message] of [
      [['--month', '2026-13'], /--month "2026-13" er ikke en måned/],
      [['--month', '2026-03', '--fra', '2026-03-01'], /enten --month eller --fra/],
      [['--fra', '2026-03-05', '--til', '2026-03-01'], /ligger efter/],
      [['--format', 'xlsx'], /angiv --out/],
      [['--format', 'pdf'], /Ukendt format "pdf"/],
      [['--sted', 'x'], /--sted "x" er ikke et id/],
    ] as const) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
      assert.match(r.err, message);
    }
  });
});
