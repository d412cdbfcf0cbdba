// Each error and warning of the spec's split (the domain spec sei-genoptraening.md, "Validation, as SEI does it").

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sevenDayState, validateYdelse, type CodeLookup, type YdelseFacts } from '../../schemas/forloeb-ydelser.ts';
import { parseDateSeries, parseDanishDate, formatDateTime, parseFileDate } from '../../schemas/dates.ts';

const TODAY = '2026-11-22';
const PLACE = { id: 7, name: 'Genoptræningscenter Nord', code: { type: 'SOR' as const, value: '8341000016002' }, active: true };
const OK: YdelseFacts = { cpr: '0101902001', dato: '2026-11-10', ydelseskode: 'BLNB1', tillaegskoder: [], hjemme: false, place: PLACE };

/** A code list: BLNB1 valid from 2020, ZZ0101 valid only in 2025, ZPW00900 always. */
const LIST: CodeLookup = {
  standing(code, day) {
    if (code === 'BLNB1' || code === 'ZPW00900') return { state: 'gyldig' };
    if (code === 'ZZ0101') return day >= '2025-01-01' && day <= '2025-12-31' ? { state: 'gyldig' } : { state: 'ugyldig', from: '2025-01-01', to: '2025-12-31' };
    return { state: 'ukendt' };
  },
};

const codes = (r: { errors: { code: string }[]; warnings: { code: string }[] }) => ({
  errors: r.errors.map((e) => e.code),
  warnings: r.warnings.map((w) => w.code),
});

describe('errors block the export of a record', () => {
  test('a valid record with a loaded list has neither', () => {
    assert.deepEqual(codes(validateYdelse(OK, { codes: LIST, today: TODAY })).errors, []);
  });
  test('invalid CPR', () => {
    const r = validateYdelse({ ...OK, cpr: '3202902001' }, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(r).errors, ['cpr_ugyldig']);
    assert.match(r.errors[0]!.message, /ikke en gyldig dato/);
  });
  test('date outside the month being exported', () => {
    const r = validateYdelse({ ...OK, dato: '2026-10-31' }, { codes: LIST, today: TODAY, month: '2026-11' });
    assert.deepEqual(codes(r).errors, ['dato_udenfor_maaned']);
    assert.equal(r.errors[0]!.message, 'Datoen 31.10.2026 ligger uden for november 2026.');
  });
  test('missing or malformed ydelseskode', () => {
    assert.deepEqual(codes(validateYdelse({ ...OK, ydelseskode: '' }, { codes: LIST, today: TODAY })).errors, ['ydelseskode_mangler']);
    assert.deepEqual(codes(validateYdelse({ ...OK, ydelseskode: '12' }, { codes: LIST, today: TODAY })).errors, ['ydelseskode_form']);
    assert.deepEqual(codes(validateYdelse({ ...OK, tillaegskoder: ['x'] }, { codes: LIST, today: TODAY })).errors, ['tillaegskode_form']);
  });
  test('no institution code: no place', () => {
    const r = validateYdelse({ ...OK, place: null }, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(r).errors, ['sted_mangler']);
    assert.match(r.errors[0]!.message, /intet sted og dermed ingen institutionskode/);
  });
  test('a place with no code yet (SOR application pending), linked to the place', () => {
    const r = validateYdelse({ ...OK, place: { ...PLACE, code: null } }, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(r).errors, ['sted_uden_kode']);
    assert.equal(r.errors[0]!.placeId, 7);
    assert.match(r.errors[0]!.message, /Stedet "Genoptræningscenter Nord" har ingen kode endnu/);
  });
  test('a ydelse in the home without a performing unit', () => {
    const r = validateYdelse({ ...OK, hjemme: true, place: null }, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(r).errors, ['hjemme_uden_enhed']);
    assert.match(r.errors[0]!.message, /enhed, der udførte den/);
    assert.deepEqual(codes(validateYdelse({ ...OK, hjemme: true }, { codes: LIST, today: TODAY })).errors, [], 'placed at the performing unit');
  });
  test('a code not valid on the day, when a code list is loaded', () => {
    const unknown = validateYdelse({ ...OK, ydelseskode: 'BXYZ9' }, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(unknown).errors, ['ydelseskode_ugyldig']);
    assert.match(unknown.errors[0]!.message, /findes ikke i den indlæste SKS-kodeliste/);
    const expired = validateYdelse({ ...OK, ydelseskode: 'ZZ0101' }, { codes: LIST, today: TODAY });
    assert.equal(expired.errors[0]!.message, 'Ydelseskoden ZZ0101 er ikke gyldig den 2026-11-10 (gyldig 2025-01-01 til 2025-12-31).');
    const tillaeg = validateYdelse({ ...OK, tillaegskoder: ['ZPW00900', 'ZZ0101'] }, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(tillaeg).errors, ['tillaegskode_ugyldig']);
    assert.deepEqual(codes(validateYdelse({ ...OK, ydelseskode: 'ZZ0101', dato: '2025-06-01' }, { codes: LIST, today: TODAY })).errors, []);
  });
});

describe('warnings are shown and never block', () => {
  test('CPR that fails the old modulus-11 check is allowed', () => {
    const r = validateYdelse(OK, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(r), { errors: [], warnings: ['cpr_modulus11'] });
  });
  test('no code list loaded: form only, and it says so', () => {
    const r = validateYdelse({ ...OK, ydelseskode: 'BXYZ9' }, { codes: null, today: TODAY });
    assert.deepEqual(codes(r).errors, []);
    assert.ok(codes(r).warnings.includes('kodeliste_mangler'));
    assert.match(r.warnings.find((w) => w.code === 'kodeliste_mangler')!.message, /SKS-kodelisten er ikke indlæst/);
  });
  test('a date far in the past (a year or more)', () => {
    assert.ok(codes(validateYdelse({ ...OK, dato: '2025-11-22' }, { codes: LIST, today: TODAY })).warnings.includes('dato_gammel'));
    assert.ok(!codes(validateYdelse({ ...OK, dato: '2025-11-23' }, { codes: LIST, today: TODAY })).warnings.includes('dato_gammel'));
  });
  test('a deactivated place', () => {
    const r = validateYdelse({ ...OK, place: { ...PLACE, active: false } }, { codes: LIST, today: TODAY });
    assert.deepEqual(codes(r).errors, []);
    assert.ok(codes(r).warnings.includes('sted_deaktiveret'));
  });
});

describe('the seven-day rule (§ 140, stk. 4)', () => {
  const f = { dischargeDate: '2026-11-14', laterStartDate: null, status: 'aktiv' as const };
  test('the limit is 7 days after discharge', () => {
    assert.deepEqual(sevenDayState(f, null, '2026-11-17'), { state: 'ok', deadline: '2026-11-21', daysLeft: 4, message: 'Første ydelse senest 21.11.2026.' });
  });
  test('close to the limit: 2 days or less left', () => {
    assert.equal(sevenDayState(f, null, '2026-11-19').state, 'naer');
    assert.equal(sevenDayState(f, null, '2026-11-21').state, 'naer');
    assert.match(sevenDayState(f, null, '2026-11-21').message, /udløber i dag/);
  });
  test('past the limit', () => {
    const s = sevenDayState(f, null, '2026-11-22');
    assert.equal(s.state, 'overskredet');
    assert.match(s.message, /borgeren kan vælge privat leverandør/);
  });
  test('a later start date in the plan moves the limit', () => {
    assert.equal(sevenDayState({ ...f, laterStartDate: '2026-11-20' }, null, '2026-11-22').deadline, '2026-11-27');
  });
  test('a first ydelse in time ends the flag; a first ydelse after the limit is a breach that stays', () => {
    assert.equal(sevenDayState(f, '2026-11-18', '2026-11-30').state, 'startet');
    assert.equal(sevenDayState(f, '2026-11-21', '2026-11-30').state, 'startet', 'on the last day is in time');
    assert.deepEqual(sevenDayState(f, '2026-11-25', '2027-03-01'), {
      state: 'brudt',
      deadline: '2026-11-21',
      daysLeft: null,
      message: 'Fristen overskredet: første ydelse 25.11.2026, frist 21.11.2026 (§ 140).',
    });
    assert.equal(sevenDayState({ ...f, status: 'afsluttet' }, '2026-11-25', '2027-03-01').state, 'brudt', 'also once the forløb has ended');
  });
  test('no discharge date: unknown', () => {
    assert.equal(sevenDayState({ ...f, dischargeDate: null }, null, TODAY).state, 'ukendt');
  });
});

describe('dates', () => {
  test('import forms YYYY-MM-DD and DD-MM-YYYY, real dates only', () => {
    assert.equal(parseFileDate('2026-11-24'), '2026-11-24');
    assert.equal(parseFileDate('24-11-2026'), '2026-11-24');
    assert.equal(parseFileDate('2026-02-29'), null);
    assert.equal(parseFileDate('24.11.2026'), null);
  });
  test('a moment is shown one way: dd.mm.åååå kl. tt.mm, in local time', () => {
    const local = new Date(2026, 10, 30, 7, 5).toISOString();
    assert.equal(formatDateTime(local), '30.11.2026 kl. 07.05');
    assert.equal(formatDateTime('ikke en tid'), 'ikke en tid');
  });
  test('typed Danish forms', () => {
    assert.equal(parseDanishDate('24.11', TODAY), '2026-11-24');
    assert.equal(parseDanishDate('1/12/26', TODAY), '2026-12-01');
    assert.equal(parseDanishDate('24.11.2026', TODAY), '2026-11-24');
  });
  test('a series in one go: list, "og", and ranges of weekdays', () => {
    assert.deepEqual(parseDateSeries('23.11, 25.11 og 27.11', TODAY), { ok: true, dates: ['2026-11-23', '2026-11-25', '2026-11-27'] });
    assert.deepEqual(parseDateSeries('23.11-29.11', TODAY), {
      ok: true,
      dates: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'],
    });
    assert.deepEqual(parseDateSeries('23.11 til 24.11', TODAY), { ok: true, dates: ['2026-11-23', '2026-11-24'] });
    assert.equal(parseDateSeries('31.11', TODAY).ok, false);
    assert.equal(parseDateSeries('28.11-23.11', TODAY).ok, false);
    assert.equal(parseDateSeries('', TODAY).ok, false);
  });
});
