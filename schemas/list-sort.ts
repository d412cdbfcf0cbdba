// How each list can be sorted: one definition per list (its keys and their Danish names); the contract's arguments
// (sortArg in contract/shapes.ts), the database's ORDER BY, the window's column headers and the command line's
// --sorter are all made from it. No zod here: the command line's help reads it at every start.

import { compareDanish } from './search.ts';

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** The ydelser list: by the columns an index orders (a million rows are paged in that order, never sorted whole). */
export const YDELSE_SORTS = { dato: 'Dato', cpr: 'CPR-nummer', kode: 'Ydelseskode' } as const;
/** The filters of the forløb list by the seven-day limit. */
export const SEVEN_DAY_FILTERS = ['alle', 'frist', 'brudt'] as const;
export type SevenDayFilter = (typeof SEVEN_DAY_FILTERS)[number];

/** The forløb list's status filter: the active ones, the ended ones, or all. */
export const FORLOEB_STATUS_FILTERS = ['aktiv', 'afsluttet', 'alle'] as const;
export type ForloebStatusFilter = (typeof FORLOEB_STATUS_FILTERS)[number];

/** The forløb list. */
export const FORLOEB_SORTS = { udskrevet: 'Udskrevet', frist: '7-dagesfrist', cpr: 'CPR-nummer', navn: 'Navn', ydelser: 'Ydelser', status: 'Status' } as const;
/** The places list. */
export const PLACE_SORTS = { navn: 'Navn', type: 'Type', kode: 'Institutionskode', adresse: 'Adresse', status: 'Status' } as const;

/** The SEI export history. */
export const EXPORT_SORTS = { dannet: 'Dannet', maaned: 'Måned', fil: 'Fil', ydelser: 'Ydelser', af: 'Dannet af' } as const;
/** The SOR check's findings. */
export const SOR_FINDING_SORTS = { enhed: 'Enhed', alvor: 'Alvor', regel: 'Regel', sor: 'SOR-id' } as const;
/** The SOR check's findings by severity: all, the errors only, the warnings only. */
export const SEVERITY_FILTERS = { alle: 'Alle fund', error: 'Kun fejl', warning: 'Kun advarsler' } as const;
export type SeverityFilter = keyof typeof SEVERITY_FILTERS;

export type SortKeys = Readonly<Record<string, string>>;
export interface Sort<K extends string = string> {
  by: K;
  dir: SortDirection;
}

export const sortKeysOf = <T extends SortKeys>(keys: T) => Object.keys(keys) as [keyof T & string, ...(keyof T & string)[]];

/** The command line's --sorter KEY (rising, or falling with --faldende); null when the list has no such key. */
export function parseSortOption<T extends SortKeys>(keys: T, by: string, falling: boolean): Sort<keyof T & string> | null {
  return Object.hasOwn(keys, by) ? { by: by as keyof T & string, dir: falling ? 'desc' : 'asc' } : null;
}

/** The next sort when a column's header is clicked: a new column sorts rising; the same column turns. */
export function nextSort<K extends string>(current: Sort<K> | null, by: K, defaultDir: SortDirection = 'asc'): Sort<K> {
  if (current?.by === by) return { by, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { by, dir: defaultDir };
}

/** Whether a stored value is a sort of this list (the window keeps the choice between visits). */
export function isSortOf<T extends SortKeys>(keys: T) {
  return (v: unknown): v is Sort<keyof T & string> | null =>
    v === null ||
    (typeof v === 'object' && Object.hasOwn(keys, String((v as Sort).by)) && (SORT_DIRECTIONS as readonly string[]).includes(String((v as Sort).dir)));
}

/** What a list is sorted by: text in Danish order, numbers as numbers; empty ('' or null) last either way. */
export type SortValue = string | number | null;

function compareValues(x: SortValue, y: SortValue): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return compareDanish(String(x), String(y));
}

/**
 * Sorts a list small enough to sort whole (a kommune's places, its exports, a SOR check's findings) by one of its keys,
 * then by the tie-breakers, always rising, so equal rows keep one order.
 */
export function sortRows<T, K extends string>(rows: readonly T[], order: Record<K, (r: T) => SortValue>, sort: Sort<K>, ...ties: ((r: T) => SortValue)[]): T[] {
  const key = order[sort.by];
  const sign = sort.dir === 'desc' ? -1 : 1;
  const empty = (v: SortValue) => v === null || v === '';
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (empty(x) !== empty(y)) return empty(x) ? 1 : -1;
    const c = empty(x) ? 0 : sign * compareValues(x, y);
    if (c !== 0) return c;
    for (const t of ties) {
      const d = compareValues(t(a), t(b));
      if (d !== 0) return d;
    }
    return 0;
  });
}
