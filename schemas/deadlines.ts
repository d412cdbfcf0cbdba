// The state of a month's SEI report, and its deadline: the 10th of the following month, whatever the weekday.

import { count } from './danish.ts';
import { addDays, daysBetween, formatDanishDate, type IsoDate } from './dates.ts';

export const MONTH_STATES = ['aaben', 'klar', 'frist', 'overskredet', 'eksporteret', 'indberettet', 'aendret'] as const;
export type MonthStateName = (typeof MONTH_STATES)[number];

export const MONTH_STATE_LABELS: Record<MonthStateName, string> = {
  aaben: 'Åben',
  klar: 'Klar',
  frist: 'Frist',
  overskredet: 'Overskredet',
  eksporteret: 'Eksporteret',
  indberettet: 'Indberettet',
  aendret: 'Ændret siden eksport',
};

export interface MonthFacts {
  month: string; // YYYY-MM
  /** When the month was last exported, or null. */
  lastExportAt: string | null;
  /** When the last export was marked as submitted in SEI, or null. */
  submittedAt: string | null;
  /** Something in the month would go into a new export (new, edited or deleted ydelser). */
  changedSinceExport: boolean;
  /** Ydelser with errors: they block their own export. */
  blocked: number;
}

export interface MonthState {
  state: MonthStateName;
  label: string;
  deadline: IsoDate;
  /** Days from today to the deadline (negative when past). */
  daysLeft: number;
  message: string;
}

export function lastDayOf(month: string): IsoDate {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  return addDays(lastDayOf(month), 1).slice(0, 7);
}

/** The deadline of a month: the 10th of the next month (October's ydelser are due on 10 November). */
export function deadlineOf(month: string): IsoDate {
  return `${nextMonth(month)}-10`;
}

function days(n: number): string {
  return n === 0 ? 'i dag' : n === 1 ? 'i morgen' : `om ${count(n, 'dag', 'dage')}`;
}

/**
 * One state per month:
 * - aaben: the month is not over;
 * - klar / frist: over and not exported, from the 1st to the 10th of the next month; "klar" when nothing blocks,
 *   "frist" (due in N days) when ydelser with errors block;
 * - overskredet: after the 10th and not exported;
 * - eksporteret, indberettet (marked as submitted in SEI), aendret (changed since the last export).
 */
export function monthState(f: MonthFacts, today: IsoDate): MonthState {
  const deadline = deadlineOf(f.month);
  const daysLeft = daysBetween(today, deadline);
  const base = { deadline, daysLeft };
  const due = `frist ${formatDanishDate(deadline)}`;
  const blockedText = f.blocked > 0 ? ` ${count(f.blocked, 'ydelse har', 'ydelser har')} fejl og venter.` : '';
  if (f.lastExportAt) {
    if (f.changedSinceExport) {
      return {
        ...base,
        state: 'aendret',
        label: MONTH_STATE_LABELS.aendret,
        message: `Ændret siden eksporten: eksportér igen, så rettelser og annulleringer kommer med (${due}${daysLeft < 0 ? ', overskredet' : ''}).${blockedText}`,
      };
    }
    if (f.submittedAt) return { ...base, state: 'indberettet', label: MONTH_STATE_LABELS.indberettet, message: `Indberettet i SEI.${blockedText}` };
    return {
      ...base,
      state: 'eksporteret',
      label: MONTH_STATE_LABELS.eksporteret,
      message: `Eksporteret. Indlæs filen i SEI, og markér måneden som indberettet.${blockedText}`,
    };
  }
  if (today <= lastDayOf(f.month)) {
    return { ...base, state: 'aaben', label: MONTH_STATE_LABELS.aaben, message: `Måneden er ikke slut; ${due}.${blockedText}` };
  }
  if (daysLeft < 0) {
    return {
      ...base,
      state: 'overskredet',
      label: MONTH_STATE_LABELS.overskredet,
      message: `Fristen var ${formatDanishDate(deadline)} (${count(-daysLeft, 'dag', 'dage')} siden). Eksportér og indberet snarest.${blockedText}`,
    };
  }
  if (f.blocked > 0) {
    return { ...base, state: 'frist', label: `Frist ${days(daysLeft)}`, message: `Frist ${days(daysLeft)} (${formatDanishDate(deadline)}).${blockedText}` };
  }
  return { ...base, state: 'klar', label: MONTH_STATE_LABELS.klar, message: `Klar til eksport; frist ${days(daysLeft)} (${formatDanishDate(deadline)}).` };
}

/** The months from `from` to `to`, inclusive (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}
