// Every state of a month on chosen dates: the 1st, the 10th, the 11th, and the year's end.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deadlineOf, monthState, monthsBetween, type MonthFacts } from '../../schemas/deadlines.ts';

const nov: MonthFacts = { month: '2026-11', lastExportAt: null, submittedAt: null, changedSinceExport: false, blocked: 0 };
const state = (f: Partial<MonthFacts>, today: string) => monthState({ ...nov, ...f }, today);

describe('deadlines', () => {
  test('the deadline is the 10th of the next month, whatever the weekday, also across the year end', () => {
    assert.equal(deadlineOf('2026-10'), '2026-11-10');
    assert.equal(deadlineOf('2026-12'), '2027-01-10');
    assert.equal(deadlineOf('2027-01'), '2027-02-10'); // a Wednesday
    assert.equal(deadlineOf('2026-02'), '2026-03-10'); // a Tuesday
  });

  test('open while the month is not over (the 30th is still open)', () => {
    assert.equal(state({}, '2026-11-01').state, 'aaben');
    assert.equal(state({}, '2026-11-30').state, 'aaben');
  });

  test('on the 1st of the next month: ready, or due in 9 days when something blocks', () => {
    const ready = state({}, '2026-12-01');
    assert.deepEqual([ready.state, ready.daysLeft], ['klar', 9]);
    assert.match(ready.message, /Klar til eksport; frist om 9 dage \(tor 10\.12\.2026\)/);
    const due = state({ blocked: 2 }, '2026-12-01');
    assert.deepEqual([due.state, due.label], ['frist', 'Frist om 9 dage']);
    assert.match(due.message, /2 ydelser har fejl og venter/);
  });

  test('on the 10th: due today; on the 11th: overdue', () => {
    assert.equal(state({ blocked: 1 }, '2026-12-10').label, 'Frist i dag');
    assert.match(state({}, '2026-12-10').message, /frist i dag/);
    const late = state({}, '2026-12-11');
    assert.deepEqual([late.state, late.daysLeft], ['overskredet', -1]);
    assert.match(late.message, /Fristen var tor 10\.12\.2026 \(1 dag siden\)/);
  });

  test('year end: December is due on 10 January', () => {
    const dec = { ...nov, month: '2026-12' };
    assert.equal(monthState(dec, '2026-12-31').state, 'aaben');
    assert.deepEqual([monthState(dec, '2027-01-01').state, monthState(dec, '2027-01-01').daysLeft], ['klar', 9]);
    assert.equal(monthState(dec, '2027-01-11').state, 'overskredet');
  });

  test('exported, submitted, and changed since export (which wins)', () => {
    assert.equal(state({ lastExportAt: '2026-12-03T09:00:00Z' }, '2026-12-04').state, 'eksporteret');
    assert.equal(state({ lastExportAt: '2026-12-03T09:00:00Z' }, '2026-12-20').state, 'eksporteret', 'not overdue once exported');
    assert.equal(state({ lastExportAt: 'x', submittedAt: '2026-12-04T10:00:00Z' }, '2026-12-20').state, 'indberettet');
    const changed = state({ lastExportAt: 'x', submittedAt: 'y', changedSinceExport: true }, '2026-12-20');
    assert.equal(changed.state, 'aendret');
    assert.match(changed.message, /rettelser og annulleringer .* overskredet/);
  });

  test('months between two months, across a year', () => {
    assert.deepEqual(monthsBetween('2026-11', '2027-02'), ['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});

describe('the months overview', () => {
  test('an empty database shows only the current month, open; no month is called overdue', async () => {
    const { openDatabase } = await import('../../db/open.ts');
    const { monthsOverview } = await import('../../backend/services/months.ts');
    const { tmpDbPath } = await import('../helpers.ts');
    const { db } = openDatabase(tmpDbPath());
    const { months } = monthsOverview(db, '2026-11-22');
    assert.deepEqual(
      months.map((m) => [m.month, m.state]),
      [['2026-11', 'aaben']],
    );
  });
});

describe('what blocks a month', () => {
  test('with a code list loaded, ydelser whose codes are not valid on the day are counted and named', async () => {
    const { openDatabase } = await import('../../db/open.ts');
    const { createForloeb } = await import('../../db/forloeb.ts');
    const { createYdelser } = await import('../../db/ydelser.ts');
    const { createPlace } = await import('../../db/places.ts');
    const { replaceSksList } = await import('../../db/sks.ts');
    const { ForloebInput } = await import('../../schemas/forloeb-ydelser.ts');
    const { PlaceInput } = await import('../../schemas/places.ts');
    const { monthsOverview } = await import('../../backend/services/months.ts');
    const { placeInput, sorCode, tmpDbPath } = await import('../helpers.ts');
    const { db } = openDatabase(tmpDbPath());
    const place = createPlace(db, PlaceInput.parse(placeInput({ code: { type: 'SOR', value: sorCode(3) } })), 't');
    const f = createForloeb(db, ForloebInput.parse({ cpr: '0101902001', gopType: 'almen_basal' }), 't', '2026-11-22');
    const w = (ydelseskode: string) => ({ ydelseskode, tillaegskoder: [], placeId: place.id, hjemme: false });
    createYdelser(db, f.id, ['2026-10-05'], w('BLNB1'), 't', '2026-11-22');
    createYdelser(db, f.id, ['2026-10-06', '2026-10-07'], w('BOLD1'), 't', '2026-11-22');
    replaceSksList(db, [{ code: 'BLNB1', text: 'x', validFrom: '2020-01-01', validTo: null }], 'sks.csv', 't');
    const oct = monthsOverview(db, '2026-11-05').months.find((m) => m.month === '2026-10')!;
    assert.equal(oct.blocked, 2);
    assert.deepEqual(oct.blockers, ['2 ydelser med koder, der ikke er gyldige på dagen']);
    assert.equal(oct.state, 'frist');
  });
});
