// How a store keeps a ydelse's date and CPR number. The SQLite file keeps both as integers (migration 13): a date as
// its day number since 1970-01-01 (two bytes until 2059), a CPR number as the value of its ten digits (six bytes). As
// ten-character texts, repeated in the table and four of its indexes, they were a third of a million ydelser's file
// (issue 16: the file took 3.2 times its CSV file; now under 2.5). PostgreSQL keeps both as text, as before.
// Everything in db/ that writes, compares or reads ydelse.dato or ydelse.cpr goes through these; what leaves db/ is
// always the text (ÅÅÅÅ-MM-DD, ten digits).

import { dialectOf } from './dialect.ts';

const DAY_MS = 86_400_000;
/** Day numbers of 0001-01-01 and 9999-12-31: the range the column's CHECK allows (migration 13). */
const FIRST_DAY = -719_162;
const LAST_DAY = 2_932_896;

const dayNumbers = new Map<string, number>();
const dayTexts = new Map<number, string>();
/** Dates repeat (a million ydelser hold a few thousand): each is worked out once, and the caches stay small. */
const CACHE_LIMIT = 20_000;

/** The day number of an ISO date (ÅÅÅÅ-MM-DD, already checked). */
export function dayNumber(iso: string): number {
  let n = dayNumbers.get(iso);
  if (n === undefined) {
    const d = new Date(0);
    d.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
    n = Math.round(d.getTime() / DAY_MS);
    if (!Number.isInteger(n) || n < FIRST_DAY || n > LAST_DAY || dayText(n) !== iso) throw new Error(`not an ISO date: ${JSON.stringify(iso)}`);
    if (dayNumbers.size >= CACHE_LIMIT) dayNumbers.clear();
    dayNumbers.set(iso, n);
  }
  return n;
}

/** The ISO date (ÅÅÅÅ-MM-DD) of a day number, or the text a store gave as it is. */
export function dayText(v: number | string): string {
  if (typeof v === 'string') return v;
  let s = dayTexts.get(v);
  if (s === undefined) {
    const d = new Date(v * DAY_MS);
    s = `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
    if (dayTexts.size >= CACHE_LIMIT) dayTexts.clear();
    dayTexts.set(v, s);
  }
  return s;
}

/** The ten digits of a stored CPR number, or the text a store gave as it is. */
export function cprText(v: number | string): string {
  return typeof v === 'string' ? v : String(v).padStart(10, '0');
}

/** The value of a CPR number's ten digits (already checked). */
export function cprNumber(cpr: string): number {
  const n = Number(cpr);
  if (cpr.length !== 10 || !Number.isSafeInteger(n)) throw new Error('not a CPR number of ten digits');
  return n;
}

/** A date as this store compares and keeps it: a parameter's value. */
export const storedDay = (db: object, iso: string): number | string => (dialectOf(db) === 'sqlite' ? dayNumber(iso) : iso);
/** A CPR number (ten digits) as this store compares and keeps it: a parameter's value. */
export const storedCpr = (db: object, cpr: string): number | string => (dialectOf(db) === 'sqlite' ? cprNumber(cpr) : cpr);

/** SQL: a stored date (a column or an expression of one) as its ISO text, to compare with the dates of other tables. */
export const dayTextSql = (db: object, expr: string): string => (dialectOf(db) === 'sqlite' ? `date(${expr} * 86400, 'unixepoch')` : expr);
/** SQL: the month (ÅÅÅÅ-MM) of a stored date. */
export const monthTextSql = (db: object, expr: string): string =>
  dialectOf(db) === 'sqlite' ? `strftime('%Y-%m', ${expr} * 86400, 'unixepoch')` : `substr(${expr}, 1, 7)`;

/** A row read from the ydelse table with its date and CPR number as text (in place: a row is often one of many). */
export function withTextValues<T extends { dato: unknown; cpr?: unknown }>(r: T): T {
  (r as { dato: string }).dato = dayText(r.dato as number | string);
  if (r.cpr !== undefined) (r as { cpr: string }).cpr = cprText(r.cpr as number | string);
  return r;
}
