// Dates as the users write them, and plain calendar arithmetic on ISO dates (YYYY-MM-DD, no time zone).

import { isValidDate } from './codes.ts';

export type IsoDate = string;

function iso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** YYYY-MM-DD or DD-MM-YYYY (the two forms of import files). Null when not a real date. */
export function parseFileDate(input: string): IsoDate | null {
  const v = input.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isValidDate(y, mo, d) ? iso(y, mo, d) : null;
  }
  m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(v);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isValidDate(y, mo, d) ? iso(y, mo, d) : null;
  }
  return null;
}

/**
 * A date as typed in the window: 2026-11-24, 24-11-2026, 24.11.2026, 24/11/2026, 24.11.26, or 24.11 (the year of
 * the reference date).
 */
export function parseDanishDate(input: string, reference: IsoDate): IsoDate | null {
  const v = input.trim();
  const fromFile = parseFileDate(v);
  if (fromFile) return fromFile;
  const m = /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?$/.exec(v);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  let y = m[3] === undefined ? Number(reference.slice(0, 4)) : Number(m[3]);
  if (m[3]?.length === 2) y += 2000;
  return isValidDate(y, mo, d) ? iso(y, mo, d) : null;
}

export function toUtc(d: IsoDate): Date {
  return new Date(`${d}T00:00:00Z`);
}

export function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  const t = toUtc(d);
  t.setUTCDate(t.getUTCDate() + n);
  return fromUtc(t);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekday(d: IsoDate): number {
  return (toUtc(d).getUTCDay() + 6) % 7;
}

const WEEKDAYS = ['man', 'tir', 'ons', 'tor', 'fre', 'lør', 'søn'];

/** "man 24.11.2026" */
export function formatDanishDate(d: IsoDate): string {
  return `${WEEKDAYS[weekday(d)]} ${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}

const MONTH_NAMES = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "2026-11" as "november 2026". */
export function monthName(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** A date as Danes write it: 16.11.2026. */
export function formatShortDate(d: IsoDate): string {
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}

/** A moment (an ISO timestamp) as Danes write it, in local time: 30.11.2026 kl. 17.01. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} kl. ${p(d.getHours())}.${p(d.getMinutes())}`;
}

/** Today in the user's local time zone. */
export function localToday(now = new Date()): IsoDate {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export type SeriesResult = { ok: true; dates: IsoDate[] } | { ok: false; message: string };

/**
 * A series of dates in one go: "24.11, 26.11, 28.11", "24.11 26.11", or a range "24.11-28.11" / "24.11 til 28.11",
 * which gives the weekdays (Monday to Friday) of the range. Duplicates are dropped; the result is sorted.
 */
export function parseDateSeries(input: string, reference: IsoDate, maxDates = 60): SeriesResult {
  const tokens = input
    .replace(/\s+til\s+/gi, '–')
    .replace(/\s*[–—]\s*/g, '–')
    .replace(/\s+-\s+/g, '–')
    .split(/\s*[,;]\s*|\s+og\s+|\s+/i)
    .filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, message: 'Angiv mindst én dato.' };
  const dates = new Set<IsoDate>();
  for (const token of tokens) {
    const single = parseDanishDate(token, reference);
    if (single) {
      dates.add(single);
    } else {
      const range = splitRange(token, reference);
      if (!range) return { ok: false, message: `"${token}" er ikke en gyldig dato (skriv fx 24.11.2026, 24.11 eller 24.11-28.11).` };
      const [from, to] = range;
      if (to < from) return { ok: false, message: `Intervallet "${token}" slutter før det begynder.` };
      let added = 0;
      for (let d = from; d <= to && dates.size <= maxDates; d = addDays(d, 1)) {
        if (weekday(d) < 5) {
          dates.add(d);
          added++;
        }
      }
      if (added === 0) return { ok: false, message: `Intervallet "${token}" indeholder ingen hverdage.` };
    }
    if (dates.size > maxDates) return { ok: false, message: `Højst ${maxDates} datoer ad gangen.` };
  }
  return { ok: true, dates: [...dates].sort() };
}

/** "24.11-28.11" or "24.11–28.11": the split whose both sides are dates. */
function splitRange(token: string, reference: IsoDate): [IsoDate, IsoDate] | null {
  for (let i = 1; i < token.length - 1; i++) {
    if (token[i] !== '-' && token[i] !== '–') continue;
    const from = parseDanishDate(token.slice(0, i), reference);
    const to = parseDanishDate(token.slice(i + 1), reference);
    if (from && to) return [from, to];
  }
  return null;
}
