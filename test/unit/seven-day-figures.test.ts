// § 140 in figures: each forløb counted once, in the month its seven days start, by the same rule the lists use.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sevenDayFigures, type SevenDayInput } from '../../schemas/seven-day-figures.ts';

const f = (start: string, first: string | null, o: Partial<SevenDayInput> = {}): SevenDayInput => ({
  dischargeDate: start,
  laterStartDate: null,
  status: 'aktiv',
  firstYdelseDate: first,
  ...o,
});

test('per month: started within and after the seven days, waiting past and within them, ended without, the median days', () => {
  const today = '2026-11-20';
  const rows = sevenDayFigures(
    [
      f('2026-10-01', '2026-10-03'), // 2 days
      f('2026-10-05', '2026-10-12'), // 7 days: within (the deadline day counts)
      f('2026-10-10', '2026-10-20'), // 10 days: after
      f('2026-10-20', null, { status: 'afsluttet' }),
      f('2026-11-02', null), // past the limit, waiting
      f('2026-11-18', null), // within it
      f('2026-09-01', '2026-11-10', { laterStartDate: '2026-11-05' }), // the later start date counts: November, 5 days
      f('2025-01-01', '2025-01-02'), // outside the months
      f('2026-10-15', null, { dischargeDate: null }), // no start: not counted
    ],
    ['2026-10', '2026-11'],
    today,
  );
  assert.deepEqual(rows, [
    { month: '2026-10', forloeb: 4, withinLimit: 2, afterLimit: 1, waitingOverdue: 0, waitingWithin: 0, endedWithout: 1, medianDays: 7 },
    { month: '2026-11', forloeb: 3, withinLimit: 1, afterLimit: 0, waitingOverdue: 1, waitingWithin: 1, endedWithout: 0, medianDays: 5 },
  ]);
});

test('a month without forløb has no median; an even count has the middle of the two', () => {
  const rows = sevenDayFigures([f('2026-10-01', '2026-10-02'), f('2026-10-01', '2026-10-05')], ['2026-09', '2026-10'], '2026-11-01');
  assert.equal(rows[0]!.medianDays, null);
  assert.equal(rows[1]!.medianDays, 2.5);
});
