// § 140, stk. 4 in figures: per month (the month the seven days start in: discharge, or the later start date the plan
// names), how many forløb started within the limit, how many after it, how many wait (past it, or still within it),
// how many ended without a ydelse, and the median days from the start of the limit to the first ydelse. Each forløb is
// classed by sevenDayState, the one rule the lists and badges use.

import { z } from 'zod';
import { daysBetween, type IsoDate } from './dates.ts';
import { sevenDayState, type ForloebStatus } from './forloeb-ydelser.ts';

export const SevenDayMonth = z.object({
  month: z.string(),
  forloeb: z.number(),
  withinLimit: z.number(),
  afterLimit: z.number(),
  waitingOverdue: z.number(),
  waitingWithin: z.number(),
  endedWithout: z.number(),
  /** Days from the start of the limit to the first ydelse, the median of those started; null when none started. */
  medianDays: z.number().nullable(),
});
export type SevenDayMonth = z.infer<typeof SevenDayMonth>;

export interface SevenDayInput {
  dischargeDate: IsoDate | null;
  laterStartDate: IsoDate | null;
  status: ForloebStatus;
  firstYdelseDate: IsoDate | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The figures of the given months (ÅÅÅÅ-MM, oldest first); forløb whose limit starts outside them are not counted. */
export function sevenDayFigures(forloeb: Iterable<SevenDayInput>, months: readonly string[], today: IsoDate): SevenDayMonth[] {
  const rows = new Map(
    months.map((month) => [
      month,
      { month, forloeb: 0, withinLimit: 0, afterLimit: 0, waitingOverdue: 0, waitingWithin: 0, endedWithout: 0, days: [] as number[] },
    ]),
  );
  for (const f of forloeb) {
    const start = f.laterStartDate ?? f.dischargeDate;
    const row = start ? rows.get(start.slice(0, 7)) : undefined;
    if (!start || !row) continue;
    row.forloeb++;
    const { state } = sevenDayState(f, f.firstYdelseDate, today);
    if (state === 'startet') row.withinLimit++;
    else if (state === 'brudt') row.afterLimit++;
    else if (state === 'overskredet') row.waitingOverdue++;
    else if (state === 'ok' || state === 'naer') row.waitingWithin++;
    else if (state === 'afsluttet') row.endedWithout++;
    if (f.firstYdelseDate) row.days.push(daysBetween(start, f.firstYdelseDate));
  }
  return [...rows.values()].map(({ days, ...r }) => ({ ...r, medianDays: median(days) }));
}
