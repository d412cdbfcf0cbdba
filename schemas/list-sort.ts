// How each list can be sorted: one definition per list (its keys and their Danish names); the contract's arguments
// (sortArg in contract/shapes.ts), the database's ORDER BY, the window's column headers and the command line's
// --sorter are all made from it. No zod here: the command line's help reads it at every start.

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
