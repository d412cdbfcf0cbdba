// The overview of months for the start page and `deadlines`: each month's state and what blocks it, and the count of
// ydelser per month and per place for the chart.

import { lastExportId, latestExportPerMonth, markMonthSubmitted, monthMaybeChanged, unmarkMonthSubmitted } from '../../db/sei.ts';
import { localToday } from '../../schemas/dates.ts';
import { lastDayOf, monthState, monthsBetween } from '../../schemas/deadlines.ts';
import { UserError } from '../../schemas/errors.ts';
import type { DB } from '../../db/open.ts';
import type { Chart, MonthStatus } from '../../schemas/api.ts';
import { countsPerMonthAndPlace, monthCounts, type Blocker } from '../../db/ydelser.ts';
import { sevenDayInputs } from '../../db/forloeb.ts';
import { sevenDayFigures, type SevenDayMonth } from '../../schemas/seven-day-figures.ts';
import { checkMonth, planExport } from './sei-export.ts';

/** What each blocker of a month is called after its count ("3 ydelser uden sted"). */
const BLOCKER_TEXT: Record<Blocker, string> = {
  sted_mangler: 'uden sted',
  hjemme_uden_enhed: 'i hjemmet uden udførende enhed',
  sted_uden_kode: 'på steder uden kode (SOR-kode skal søges)',
  koder: 'med koder, der ikke er gyldige på dagen',
};

const CHART_MONTHS = 12;
const CHART_PLACES = 5;

export function monthsAgo(month: string, n: number): string {
  let [y, m] = month.split('-').map(Number) as [number, number];
  m -= n;
  while (m < 1) {
    m += 12;
    y--;
  }
  return `${y}-${String(m).padStart(2, '0')}`;
}

export function monthsOverview(db: DB, today = localToday()): { months: MonthStatus[]; chart: Chart } {
  const current = today.slice(0, 7);
  const counts = monthCounts(db);
  const byMonth = new Map(counts.map((c) => [c.month, c]));
  const exports = latestExportPerMonth(db);
  const lastExport = new Map(exports.map((e) => [e.month, e]));

  const known = [...byMonth.keys(), ...lastExport.keys()].filter((m) => m <= current).sort();
  const first = known[0] && known[0] < monthsAgo(current, 1) ? known[0] : monthsAgo(current, 1);
  // a month with no ydelser and no export has nothing to report: only the current month is shown without them
  const months = monthsBetween(first, current).filter((m) => m === current || byMonth.has(m) || lastExport.has(m));

  const maybeChanged = monthMaybeChanged(db);

  const statuses: MonthStatus[] = months
    .map((month) => {
      const c = byMonth.get(month);
      const e = lastExport.get(month) ?? null;
      const blockers: string[] = [];
      const n = (x: number, one: string, many: string) => `${x} ${x === 1 ? one : many}`;
      let blocked = 0;
      for (const [b, text] of Object.entries(BLOCKER_TEXT) as [Blocker, string][]) {
        const k = c?.[b] ?? 0;
        if (k === 0) continue;
        blockers.push(`${n(k, 'ydelse', 'ydelser')} ${text}`);
        blocked += k;
      }
      let changed = false;
      if (e) {
        const { first: from, last: to } = checkMonth(month);
        // a cheap test first; when it says "maybe", the exact plan decides
        if (maybeChanged(from, to, month, e.at)) changed = planExport(db, month, today).records.length > 0;
      }
      const submittedAt = e && e.submitted_export === e.id ? e.submitted_at : null;
      const state = monthState({ month, lastExportAt: e?.at ?? null, submittedAt, changedSinceExport: changed, blocked }, today);
      return {
        month,
        ...state,
        total: c?.total ?? 0,
        blocked,
        blockers,
        lastExport: e ? { id: e.id, at: e.at, actor: e.actor, fileName: e.file_name, records: e.records, sha256: e.sha256 } : null,
        submittedAt,
      };
    })
    .reverse();

  // the chart: the last 12 months, the 5 places with most ydelser, the rest together
  const chartMonths = monthsBetween(monthsAgo(current, CHART_MONTHS - 1), current);
  const perPlace = countsPerMonthAndPlace(db, `${chartMonths[0]}-01`, lastDayOf(current));
  const totals = new Map<number | null, { name: string; n: number }>();
  for (const r of perPlace) {
    const t = totals.get(r.place_id) ?? { name: r.name ?? 'Uden sted', n: 0 };
    t.n += r.n;
    totals.set(r.place_id, t);
  }
  const top = [...totals.entries()]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, CHART_PLACES)
    .map(([id]) => id);
  const series = top.map((id) => ({ name: totals.get(id)!.name, placeId: id, counts: chartMonths.map(() => 0) }));
  const rest = { name: 'Øvrige steder', placeId: null, counts: chartMonths.map(() => 0) };
  for (const r of perPlace) {
    const i = chartMonths.indexOf(r.month);
    const s = series.find((x) => x.placeId === r.place_id && top.includes(r.place_id));
    (s ?? rest).counts[i]! += r.n;
  }
  if (rest.counts.some((x) => x > 0)) series.push(rest);
  return { months: statuses, chart: { months: chartMonths, series } };
}

/** Marks the month's last export as submitted in SEI. */
export function markSubmitted(db: DB, month: string, actor: string, now = new Date()): void {
  checkMonth(month);
  const last = lastExportId(db, month);
  if (!last) throw new UserError(`${month} er ikke eksporteret endnu: eksportér måneden, og indlæs filen i SEI først.`);
  markMonthSubmitted(db, month, now.toISOString(), actor, last);
}

/** Takes back "indberettet i SEI" for a month (the user marked the wrong month, or SEI refused the file). */
export function unmarkSubmitted(db: DB, month: string): void {
  checkMonth(month);
  if (!unmarkMonthSubmitted(db, month)) throw new UserError(`${month} er ikke markeret som indberettet.`);
}

/** § 140 in figures for the last `count` months (the current one included), oldest first. */
export function sevenDayOverview(db: DB, today = localToday(), count = 12): SevenDayMonth[] {
  const current = today.slice(0, 7);
  const months = monthsBetween(monthsAgo(current, count - 1), current);
  return sevenDayFigures(sevenDayInputs(db, `${months[0]}-01`, lastDayOf(current)), months, today);
}
