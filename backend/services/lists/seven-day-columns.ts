// The § 140 figures' columns, as Excel and CSV show them.

import type { SevenDayMonth } from '../../../schemas/seven-day-figures.ts';
import { monthName } from '../../../schemas/dates.ts';
import type { Column } from './table-export.ts';

export const SEVEN_DAY_COLUMNS: readonly Column<SevenDayMonth>[] = [
  { header: 'Måned', kind: 'text', width: 16, value: (m) => monthName(m.month) },
  { header: 'Forløb', kind: 'number', width: 9, value: (m) => m.forloeb },
  { header: 'Startet inden for 7 dage', kind: 'number', width: 24, value: (m) => m.withinLimit },
  { header: 'Startet efter 7 dage', kind: 'number', width: 20, value: (m) => m.afterLimit },
  { header: 'Venter, fristen overskredet', kind: 'number', width: 27, value: (m) => m.waitingOverdue },
  { header: 'Venter, inden for fristen', kind: 'number', width: 25, value: (m) => m.waitingWithin },
  { header: 'Afsluttet uden ydelse', kind: 'number', width: 21, value: (m) => m.endedWithout },
  { header: 'Mediandage til første ydelse', kind: 'number', width: 28, value: (m) => m.medianDays },
];
