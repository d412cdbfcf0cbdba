// Forløb and ydelser in a real database: entry, series, edits with history, deletion, paging, search, and the
// "not reportable until placed" rule.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DB } from '../../db/open.ts';
import { STORES } from '../stores.ts';
import { createForloeb, forloebHistory, listForloeb, updateForloeb } from '../../db/forloeb.ts';
import { createYdelser, deleteYdelse, listYdelser, updateYdelse, ydelseHistory, monthCounts, NOT_REPORTABLE_SQL, type Blocker } from '../../db/ydelser.ts';
import { createPlace, updatePlace } from '../../db/places.ts';
import { replaceSksList, searchSks } from '../../db/sks.ts';
import { ForloebInput } from '../../schemas/forloeb-ydelser.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { dbFingerprint, placeInput, sorCode } from '../helpers.ts';
import { diffSksList, parseSksList } from '../../backend/services/sks-import.ts';

const TODAY = '2026-11-22';

let fresh: () => DB;

function setup() {
  const db: DB = fresh();
  const coded = createPlace(db, PlaceInput.parse(placeInput({ name: 'Center Nord', code: { type: 'SOR', value: sorCode(1) } })), 't');
  const uncoded = createPlace(db, PlaceInput.parse(placeInput({ name: 'Plejehjemmet Lærkely', type: 'plejehjem', code: null })), 't');
  const f = createForloeb(
    db,
    ForloebInput.parse({ cpr: '010190-2001', citizenName: 'Test Borger', gopType: 'almen_basal', dischargeDate: '2026-11-16' }),
    'anna',
    TODAY,
  );
  return { db, coded, uncoded, f };
}

const W = (placeId: number | null, over = {}) => ({ ydelseskode: 'BLNB1', tillaegskoder: [], placeId, hjemme: false, ...over });

for (const store of STORES)
  describe(`forløb and ydelser in the database (${store.name})`, { skip: store.skip }, () => {
    before(async () => {
      await store.start();
      fresh = store.fresh;
    });
    after(() => store.stop());

    describe('forløb', () => {
      test('created with the CPR number normalised, the seven-day state and a history', () => {
        const { db, f } = setup();
        assert.equal(f.cpr, '0101902001');
        assert.equal(f.sevenDay.state, 'naer');
        assert.equal(f.sevenDay.deadline, '2026-11-23');
        const h = forloebHistory(db, f.id, TODAY);
        assert.equal(h[0]!.action, 'Oprettet');
        assert.equal(h[0]!.actor, 'anna');
      });

      test('the seven-day list holds forløb close to or past the limit without a first ydelse', () => {
        const { db, coded, f } = setup();
        const late = createForloeb(db, ForloebInput.parse({ cpr: '0202904002', gopType: 'specialiseret', dischargeDate: '2026-11-01' }), 'a', TODAY);
        createForloeb(db, ForloebInput.parse({ cpr: '0303903003', gopType: 'almen_basal', dischargeDate: '2026-11-21' }), 'a', TODAY);
        const started = createForloeb(db, ForloebInput.parse({ cpr: '0404904004', gopType: 'almen_basal', dischargeDate: '2026-11-01' }), 'a', TODAY);
        createYdelser(db, started.id, ['2026-11-05'], W(coded.id), 'a', TODAY);
        const list = listForloeb(db, { sevenDay: 'frist' }, TODAY);
        assert.deepEqual(
          list.rows.map((r) => [r.id, r.sevenDay.state]),
          [
            [late.id, 'overskredet'],
            [f.id, 'naer'],
          ],
        );
      });

      test('a forløb whose first ydelse came after the limit stays flagged as breached, counted and filterable', () => {
        const { db, coded, f } = setup();
        const inTime = createForloeb(db, ForloebInput.parse({ cpr: '0404904004', gopType: 'almen_basal', dischargeDate: '2026-11-01' }), 'a', TODAY);
        createYdelser(db, inTime.id, ['2026-11-08'], W(coded.id), 'a', TODAY);
        const lateStart = createForloeb(db, ForloebInput.parse({ cpr: '0202904002', gopType: 'specialiseret', dischargeDate: '2026-11-02' }), 'a', TODAY);
        createYdelser(db, lateStart.id, ['2026-11-16', '2026-11-18'], W(coded.id), 'a', TODAY);
        const breached = listForloeb(db, { sevenDay: 'brudt' }, TODAY);
        assert.deepEqual(
          breached.rows.map((r) => [r.id, r.sevenDay.state, r.sevenDay.message]),
          [[lateStart.id, 'brudt', 'Fristen overskredet: første ydelse 16.11.2026, frist 09.11.2026 (§ 140).']],
        );
        assert.equal(breached.total, 1);
        assert.ok(!listForloeb(db, { sevenDay: 'frist' }, TODAY).rows.some((r) => r.id === lateStart.id), 'not "close to the limit": it has started');
        assert.ok(listForloeb(db, {}, TODAY).rows.some((r) => r.id === f.id));
      });

      test('ending a forløb needs a date and a reason', () => {
        const r = ForloebInput.safeParse({ cpr: '0101902001', gopType: 'almen_basal', status: 'afsluttet' });
        assert.equal(r.success, false);
        assert.deepEqual(
          r.error!.issues.map((i) => i.message),
          ['Et afsluttet forløb skal have en slutdato.', 'Et afsluttet forløb skal have en afslutningsårsag.'],
        );
        const { db, f } = setup();
        const ended = updateForloeb(
          db,
          f.id,
          ForloebInput.parse({
            cpr: f.cpr,
            gopType: 'almen_basal',
            dischargeDate: '2026-11-16',
            status: 'afsluttet',
            endDate: '2026-11-20',
            endReason: 'aktivt_fravalg',
          }),
          'bo',
          TODAY,
        );
        assert.equal(ended.status, 'afsluttet');
        const change = forloebHistory(db, f.id, TODAY)[0]!;
        assert.equal(change.actor, 'bo');
        assert.ok(change.changes.some((c) => c.field === 'Afslutningsårsag' && c.after === 'Aktivt fravalg'));
      });

      test('search by CPR (with hyphen, or birth date) and by name', () => {
        const { db, f } = setup();
        assert.deepEqual(
          listForloeb(db, { search: '010190-2001' }, TODAY).rows.map((r) => r.id),
          [f.id],
        );
        assert.deepEqual(
          listForloeb(db, { search: '010190' }, TODAY).rows.map((r) => r.id),
          [f.id],
        );
        assert.deepEqual(
          listForloeb(db, { search: 'borger' }, TODAY).rows.map((r) => r.id),
          [f.id],
        );
        assert.equal(listForloeb(db, { search: '0202904002' }, TODAY).total, 0);
      });
    });

    describe('ydelser', () => {
      test('a series of dates is created in one go, newest first in the list', () => {
        const { db, coded, f } = setup();
        const created = createYdelser(db, f.id, ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'], W(coded.id), 't', TODAY);
        assert.equal(created.length, 4);
        assert.ok(created.every((y) => y.reportable && y.cpr === '0101902001'));
        assert.deepEqual(
          listYdelser(db, { forloebId: f.id }, TODAY).rows.map((y) => y.dato),
          ['2026-11-20', '2026-11-19', '2026-11-18', '2026-11-17'],
        );
      });

      test('not reportable until placed: no place, a place with no code, home training without a unit', () => {
        const { db, coded, uncoded, f } = setup();
        const [none] = createYdelser(db, f.id, ['2026-11-17'], W(null), 't', TODAY);
        const [atUncoded] = createYdelser(db, f.id, ['2026-11-18'], W(uncoded.id), 't', TODAY);
        const [home] = createYdelser(db, f.id, ['2026-11-19'], W(null, { hjemme: true }), 't', TODAY);
        const [homeOk] = createYdelser(db, f.id, ['2026-11-20'], W(coded.id, { hjemme: true }), 't', TODAY);
        assert.equal(none!.reportable, false);
        assert.equal(none!.errors[0]!.code, 'sted_mangler');
        assert.equal(atUncoded!.errors[0]!.code, 'sted_uden_kode');
        assert.equal(atUncoded!.errors[0]!.placeId, uncoded.id);
        assert.equal(home!.errors[0]!.code, 'hjemme_uden_enhed');
        assert.equal(homeOk!.reportable, true);
        const notReportable = listYdelser(db, { onlyNotReportable: true }, TODAY);
        assert.deepEqual(notReportable.rows.map((y) => y.id).sort(), [none!.id, atUncoded!.id, home!.id].sort());
        // the place gets its code: its ydelser become reportable
        updatePlace(
          db,
          uncoded.id,
          PlaceInput.parse(placeInput({ name: 'Plejehjemmet Lærkely', type: 'plejehjem', code: { type: 'SOR', value: sorCode(2) } })),
          't',
        );
        assert.equal(listYdelser(db, { onlyNotReportable: true }, TODAY).total, 2);
      });

      test('a loaded code list makes an invalid code not reportable, and the filter finds it', () => {
        const { db, coded, f } = setup();
        const [a] = createYdelser(db, f.id, ['2026-11-17'], W(coded.id), 't', TODAY);
        const [b] = createYdelser(db, f.id, ['2026-11-18'], W(coded.id, { ydelseskode: 'BOLD1' }), 't', TODAY);
        assert.equal(listYdelser(db, { onlyNotReportable: true }, TODAY).total, 0, 'form only without a list');
        replaceSksList(db, [{ code: 'BLNB1', text: 'x', validFrom: '2020-01-01', validTo: null }], 'sks.csv', 't');
        const page = listYdelser(db, { onlyNotReportable: true }, TODAY);
        assert.deepEqual(
          page.rows.map((y) => y.id),
          [b!.id],
        );
        assert.match(page.rows[0]!.errors[0]!.message, /BOLD1 findes ikke/);
        assert.equal(listYdelser(db, {}, TODAY).rows.find((y) => y.id === a!.id)!.reportable, true);
      });

      test('an edit is kept in the history with who and what; a deletion hides the ydelse', () => {
        const { db, coded, uncoded, f } = setup();
        const [y] = createYdelser(db, f.id, ['2026-11-17'], W(coded.id), 'anna', TODAY);
        updateYdelse(db, y!.id, '2026-11-18', W(uncoded.id, { tillaegskoder: ['ZPW00900'] }), 'bo', TODAY);
        const h = ydelseHistory(db, y!.id);
        assert.equal(h[0]!.actor, 'bo');
        assert.deepEqual(
          h[0]!.changes.map((c) => [c.field, c.before, c.after]),
          [
            ['Dato', '17.11.2026', '18.11.2026'],
            ['Tillægskoder', '', 'ZPW00900'],
            ['Sted', 'Center Nord', 'Plejehjemmet Lærkely'],
          ],
        );
        deleteYdelse(db, y!.id, 'bo', TODAY);
        assert.equal(listYdelser(db, {}, TODAY).total, 0);
        assert.equal(ydelseHistory(db, y!.id)[0]!.action, 'Slettet');
      });

      test('paging with a cursor visits every ydelse once; search by CPR, place and code', () => {
        const { db, coded, uncoded, f } = setup();
        const other = createForloeb(db, ForloebInput.parse({ cpr: '0202904002', gopType: 'almen_basal' }), 't', TODAY);
        const dates = Array.from({ length: 30 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
        createYdelser(db, f.id, dates, W(coded.id), 't', TODAY);
        createYdelser(db, other.id, dates.slice(0, 10), W(uncoded.id, { ydelseskode: 'BLNB2' }), 't', TODAY);
        const seen: number[] = [];
        let after: { dato: string; id: number } | null = null;
        for (;;) {
          const page = listYdelser(db, { limit: 7, after }, TODAY);
          seen.push(...page.rows.map((y) => y.id));
          if (!page.next) break;
          after = page.next;
        }
        assert.equal(seen.length, 40);
        assert.equal(new Set(seen).size, 40);
        assert.equal(listYdelser(db, { search: '020290-4002' }, TODAY).total, 10);
        assert.equal(listYdelser(db, { placeId: coded.id }, TODAY).total, 30);
        assert.equal(listYdelser(db, { code: 'blnb2' }, TODAY).total, 10);
        assert.equal(listYdelser(db, { search: 'BLNB2' }, TODAY).total, 10);
      });
    });

    describe('replacing the SKS code list, previewed', () => {
      test('says which codes are added, removed and changed, and which ydelser the new list makes invalid', () => {
        const { db, coded, f } = setup();
        replaceSksList(
          db,
          [
            { code: 'BLNB1', text: 'Basal', validFrom: '2020-01-01', validTo: null },
            { code: 'BLNB2', text: 'Avanceret', validFrom: '2020-01-01', validTo: null },
            { code: 'ZPW00900', text: 'Hold', validFrom: '2020-01-01', validTo: null },
          ],
          'gammel.csv',
          't',
        );
        createYdelser(db, f.id, ['2026-11-17', '2026-11-18'], W(coded.id), 'a', TODAY);
        createYdelser(db, f.id, ['2026-11-19'], W(coded.id, { ydelseskode: 'BLNB2', tillaegskoder: ['ZPW00900'] }), 'a', TODAY);
        const next = [
          { code: 'BLNB1', text: 'Basal, ny tekst', validFrom: '2020-01-01', validTo: null },
          { code: 'BLNB2', text: 'Avanceret', validFrom: '2020-01-01', validTo: '2026-11-18' },
          { code: 'BLNB9', text: 'Ny', validFrom: '2026-01-01', validTo: null },
        ];
        const before = dbFingerprint(db);
        const d = diffSksList(db, next);
        assert.equal(dbFingerprint(db), before, 'a preview writes nothing');
        assert.deepEqual([d.count, d.added, d.removed, d.changed], [3, 1, 1, 2]);
        assert.deepEqual(d.examples, { added: ['BLNB9'], removed: ['ZPW00900'], changed: ['BLNB1', 'BLNB2'] });
        assert.equal(d.becomeInvalid, 1, 'the one on 19.11: BLNB2 has ended and its tillægskode is gone');
        assert.deepEqual(d.becomeInvalidCodes, [
          { code: 'BLNB2', count: 1 },
          { code: 'ZPW00900', count: 1 },
        ]);
      });
    });

    describe('the official SKS file (SKScomplete.txt), detected by its content', () => {
      /** A record of SKScomplete.txt's fixed-width layout (the domain notes on SKS), made here: never a real download. */
      const record = (type: string, code: string, from: string, to: string, text: string, flag = ' ') =>
        `${type.padEnd(3)}${code.padEnd(20)}${from}${from}${to}${text.padEnd(120)}${' '.repeat(20)}${flag}`;

      test('fixed-width, Windows-1252: every period of a code kept, other classifications skipped, far-future dates open', () => {
        const text = [
          record('pro', 'BLNB1', '20200101', '20251231', 'Genoptræning, basalt niveau'),
          record('pro', 'BLNB1', '20260101', '25000101', 'Genoptræning på basalt niveau (ny tekst)'),
          record('pro', 'BLNB1', '20260101', '25000101', 'Genoptræning på basalt niveau (rettet)', '3'),
          record('til', 'ZPW00900', '20200101', '25000101', 'Holdtræning, Ærø'),
          record('xyz', '12-3', '20200101', '25000101', 'Ikke en SKS-kode i appens forstand'),
        ].join('\r\n');
        const entries = parseSksList(Buffer.from(text, 'latin1'), 'SKScomplete.txt');
        assert.deepEqual(
          entries.map((e) => [e.code, e.validFrom, e.validTo, e.text]),
          [
            ['BLNB1', '2020-01-01', '2025-12-31', 'Genoptræning, basalt niveau'],
            ['BLNB1', '2026-01-01', null, 'Genoptræning på basalt niveau (rettet)'],
            ['ZPW00900', '2020-01-01', null, 'Holdtræning, Ærø'],
          ],
        );
      });

      test('a date that is not one is refused with the line and the field; the app’s own CSV is still read as before', () => {
        const bad = [record('pro', 'BLNB1', '20200101', '25000101', 'Ok'), record('pro', 'BLNB2', '20201399', '25000101', 'Forkert dato')].join('\n');
        assert.throws(
          () => parseSksList(Buffer.from(bad, 'latin1'), 'SKScomplete.txt'),
          /Linje 2, gyldig fra \(tegn 24-31\): "20201399" er ikke en gyldig dato/,
        );
        const csv = parseSksList(Buffer.from('kode;tekst;gyldig fra;gyldig til\nBLNB1;Basal;2020-01-01;\n'), 'koder.csv');
        assert.deepEqual(csv, [{ code: 'BLNB1', text: 'Basal', validFrom: '2020-01-01', validTo: null }]);
      });
    });

    test('the code picker finds a code by its start or a word of its text (æ, ø and å in any case), valid on the day only', () => {
      const db = fresh();
      replaceSksList(
        db,
        [
          { code: 'BLNB1', text: 'Genoptræning, basalt niveau', validFrom: '2020-01-01', validTo: null },
          { code: 'BLNB2', text: 'Øvelsesterapi på hold', validFrom: '2020-01-01', validTo: null },
          { code: 'BLNB3', text: 'Udgået kode', validFrom: '2020-01-01', validTo: '2025-12-31' },
          { code: 'ZPW00900', text: 'Træning i eget hjem', validFrom: '2026-02-01', validTo: null },
        ],
        'sks.csv',
        't',
      );
      const codes = (term: string, day = '2026-03-02') => searchSks(db, term, day).map((e) => e.code);
      assert.deepEqual(codes('blnb'), ['BLNB1', 'BLNB2'], 'by the code, not the one no longer valid');
      assert.deepEqual(codes('BLNB', '2025-06-02'), ['BLNB1', 'BLNB2', 'BLNB3'], 'valid then');
      assert.deepEqual(codes('øvelse'), ['BLNB2'], 'a word starting with ø, typed in lower case');
      assert.deepEqual(codes('ØVELSES'), ['BLNB2'], 'in capitals');
      assert.deepEqual(codes('træning'), ['BLNB1', 'ZPW00900']);
      assert.deepEqual(codes('træning', '2026-01-15'), ['BLNB1'], 'not before its first day');
      assert.deepEqual(codes('HOLD'), ['BLNB2']);
      assert.deepEqual(codes('%'), [], 'a wildcard is a character, not everything');
    });

    describe('"cannot be reported" is one rule', () => {
      test("the list filter and the month counts say what each ydelse's own validation says, with and without a code list", () => {
        const { db, coded, uncoded, f } = setup();
        createYdelser(db, f.id, ['2026-11-17'], W(coded.id), 'a', TODAY); // reportable
        createYdelser(db, f.id, ['2026-11-18'], W(uncoded.id), 'a', TODAY); // place without code
        createYdelser(db, f.id, ['2026-11-19'], W(null), 'a', TODAY); // no place
        createYdelser(db, f.id, ['2026-11-20'], W(null, { hjemme: true }), 'a', TODAY); // at home, no unit
        createYdelser(db, f.id, ['2026-11-23'], W(coded.id, { ydelseskode: 'BLNB2' }), 'a', TODAY); // code not in the list (below)
        createYdelser(db, f.id, ['2026-11-24'], W(coded.id, { tillaegskoder: ['ZPW00900'] }), 'a', TODAY); // tillægskode not in it
        const CODE_OF: Record<string, Blocker> = {
          sted_mangler: 'sted_mangler',
          hjemme_uden_enhed: 'hjemme_uden_enhed',
          sted_uden_kode: 'sted_uden_kode',
          ydelseskode_ugyldig: 'koder',
          tillaegskode_ugyldig: 'koder',
        };
        for (const withList of [false, true]) {
          if (withList) replaceSksList(db, [{ code: 'BLNB1', text: 'x', validFrom: '2020-01-01', validTo: null }], 'sks.csv', 't');
          const all = listYdelser(db, { limit: 500 }, TODAY).rows;
          const notReportable = new Set(all.filter((y) => !y.reportable).map((y) => y.id));
          const filtered = new Set(listYdelser(db, { onlyNotReportable: true, limit: 500 }, TODAY).rows.map((y) => y.id));
          assert.deepEqual([...filtered].sort(), [...notReportable].sort(), `the list filter (code list: ${withList})`);
          assert.equal(notReportable.size, withList ? 5 : 3);
          const expected = Object.fromEntries(Object.keys(NOT_REPORTABLE_SQL).map((b) => [b, 0])) as Record<Blocker, number>;
          for (const y of all) for (const b of new Set(y.errors.map((e) => CODE_OF[e.code]).filter(Boolean))) expected[b!]++;
          const [month] = monthCounts(db);
          assert.deepEqual(
            Object.fromEntries(Object.keys(NOT_REPORTABLE_SQL).map((b) => [b, month![b as Blocker]])),
            expected,
            `the month's counts (code list: ${withList})`,
          );
        }
      });
    });
  });
