// What the list commands (ydelser, forloeb and places list) share: the period and sort flags, and the list printed a
// page at a time as a table, JSON or CSV (a million rows are never held), with the same columns as its files.

import { count } from '../../../schemas/danish.ts';
import { formatShortDate, parseFileDate } from '../../../schemas/dates.ts';
import { lastDayOf } from '../../../schemas/deadlines.ts';
import { parseSortOption, type Sort, type SortKeys } from '../../../schemas/list-sort.ts';
import { csvLines, type Column } from '../../services/lists/table-export.ts';
import { dayOption, UsageError, type Io } from '../io.ts';

/** A positive whole number given as a flag. */
export function idOption(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new UsageError(`${flag} "${value}" er ikke et id (et positivt heltal).`);
  return Number(value);
}

/** --month ÅÅÅÅ-MM, or --fra/--til ÅÅÅÅ-MM-DD (each optional), as the list's first and last day. */
export function periodOf(v: { month?: string | undefined; fra?: string | undefined; til?: string | undefined }): { from: string | null; to: string | null } {
  if (v.month !== undefined) {
    if (v.fra !== undefined || v.til !== undefined) throw new UsageError('Angiv enten --month eller --fra/--til, ikke begge.');
    if (!/^\d{4}-\d{2}$/.test(v.month) || !parseFileDate(`${v.month}-01`)) throw new UsageError(`--month "${v.month}" er ikke en måned (ÅÅÅÅ-MM).`);
    return { from: `${v.month}-01`, to: lastDayOf(v.month) };
  }
  const from = v.fra === undefined ? null : dayOption(v.fra, '--fra');
  const to = v.til === undefined ? null : dayOption(v.til, '--til');
  if (from && to && from > to) throw new UsageError(`--fra ${from} ligger efter --til ${to}.`);
  return { from, to };
}

/** --sorter KEY [--faldende], from the list's own sort keys. */
export function sortOption<T extends SortKeys>(keys: T, v: { sorter?: string | undefined; faldende?: boolean | undefined }): Sort<keyof T & string> | null {
  if (v.sorter === undefined) {
    if (v.faldende) throw new UsageError('--faldende bruges med --sorter.');
    return null;
  }
  const sort = parseSortOption(keys, v.sorter, v.faldende ?? false);
  if (!sort) throw new UsageError(`--sorter "${v.sorter}" kendes ikke: brug ${Object.keys(keys).join(', ')}.`);
  return sort;
}

/** The period flags (--month, or --fra/--til), for parseArgs; periodOf reads them. */
export const PERIOD_FLAGS = {
  month: { type: 'string' },
  fra: { type: 'string' },
  til: { type: 'string' },
} as const;

/** The flags every list command has, for parseArgs. */
export const LIST_FLAGS = {
  format: { type: 'string' },
  out: { type: 'string' },
  sorter: { type: 'string' },
  faldende: { type: 'boolean' },
} as const;

/** The table's lines: each column as wide as the files make it (or its header), dates as Danes write them. */
function tableLines<T>(columns: readonly Column<T>[], cells: string[][]): string {
  const widths = columns.map((c) => Math.max(c.width, c.header.length));
  return cells
    .map(
      (r) =>
        `${r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
const cellText = (v: string | number | null, kind: string) => (v === null ? '' : kind === 'date' ? formatShortDate(String(v)) : String(v));

/** Prints the list's pages as they come: a table (tekst), JSON (one array) or CSV. `none`: what the table says when empty. */
export async function printPages<T>(io: Io, format: string, columns: readonly Column<T>[], pages: AsyncIterable<readonly T[]>, none: string): Promise<void> {
  let first = true;
  if (format === 'json') io.out('[');
  for await (const rows of pages) {
    if (format === 'json')
      for (const r of rows) {
        io.out(`${first ? '' : ','}\n${JSON.stringify(r)}`);
        first = false;
      }
    else if (format === 'csv') {
      for (const line of csvLines(columns, rows, first)) io.out(line);
      first = false;
    } else {
      if (first && rows.length) io.out(tableLines(columns, [columns.map((c) => c.header)]));
      io.out(
        tableLines(
          columns,
          rows.map((r) => columns.map((c) => cellText(c.value(r), c.kind))),
        ),
      );
      if (rows.length) first = false;
    }
  }
  if (format === 'json') io.out('\n]\n');
  else if (format === 'csv' && first) for (const line of csvLines(columns, [], true)) io.out(line);
  else if (format === 'tekst' && first) io.out(`${none}\n`);
}

/** Checks --out against the format: a workbook needs a file; a file is a workbook or CSV. */
export function checkOut(format: string, out: string | undefined): void {
  if (format === 'xlsx' && !out) throw new UsageError('En Excel-projektmappe skrives til en fil: angiv --out FIL.xlsx');
  if (out && format !== 'xlsx' && format !== 'csv') throw new UsageError('--out bruges med --format xlsx eller csv.');
}

/**
 * `--out FILE`: the list's own export call writes the file (whole or not at all); says how many rows went. Await it
 * before the database is closed.
 */
export async function exportTo(io: Io, out: string, save: () => Promise<{ rows: number } | null>, one: string, many: string): Promise<0> {
  const r = await save();
  io.out(`${count(r?.rows ?? 0, one, many)} er skrevet til ${out}.\n`);
  return 0;
}
