// ydelser list: the ydelser list with the window's filters, as a table, JSON, CSV or an Excel workbook, through the
// window's calls (a page at a time; a file through the list's export, --out answering the save dialog).

import { parseArgs } from 'node:util';
import { count } from '../../../schemas/danish.ts';
import { formatShortDate, parseFileDate } from '../../../schemas/dates.ts';
import { lastDayOf } from '../../../schemas/deadlines.ts';
import type { Ydelse } from '../../../schemas/forloeb-ydelser.ts';
import { TABLE_FORMATS, type TableFormat } from '../../../schemas/files.ts';
import { csvLines } from '../../services/lists/table-export.ts';
import { YDELSE_COLUMNS } from '../../services/lists/ydelse-columns.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { dayOption, formatOf, noPositionals, UsageError, type Io } from '../io.ts';

/** A positive whole number given as a flag. */
function idOption(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new UsageError(`${flag} "${value}" er ikke et id (et positivt heltal).`);
  return Number(value);
}

function periodOf(v: { month?: string; fra?: string; til?: string }): { from: string | null; to: string | null } {
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

/**
 * The command line's table, a page at a time (a million ydelser are never held): the same columns as the files, each
 * as wide as the files make it (or its header), dates as Danes write them.
 */
const WIDTHS = YDELSE_COLUMNS.map((c) => Math.max(c.width, c.header.length));
function tableLines(cells: string[][]): string {
  return cells
    .map(
      (r) =>
        `${r
          .map((c, i) => c.padEnd(WIDTHS[i]!))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
const cellText = (v: string | number | null, kind: string) => (v === null ? '' : kind === 'date' ? formatShortDate(String(v)) : String(v));

export async function ydelserCommand(sub: string | undefined, rest: string[], db: DbChoice, io: Io): Promise<number> {
  if (sub !== 'list') throw new UsageError(sub ? `Ukendt underkommando: ydelser ${sub}` : 'Angiv en underkommando: ydelser list');
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      month: { type: 'string' },
      fra: { type: 'string' },
      til: { type: 'string' },
      search: { type: 'string' },
      kode: { type: 'string' },
      sted: { type: 'string' },
      forloeb: { type: 'string' },
      'kun-ikke-indberetbare': { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format, TABLE_FORMATS);
  const filter = {
    search: values.search ?? '',
    code: values.kode ?? '',
    placeId: idOption(values.sted, '--sted'),
    forloebId: idOption(values.forloeb, '--forloeb'),
    onlyNotReportable: values['kun-ikke-indberetbare'] ?? false,
    ...periodOf(values),
  };
  if (format === 'xlsx' && !values.out) throw new UsageError('En Excel-projektmappe skrives til en fil: angiv --out FIL.xlsx');
  const door = openFrontDoor(db, values.out ? { save: values.out } : {});
  try {
    if (values.out) {
      if (format !== 'xlsx' && format !== 'csv') throw new UsageError('--out bruges med --format xlsx eller csv.');
      const r = await door.call('ydelser.exportList', { ...filter, format: format as TableFormat });
      io.out(`${count(r!.rows, 'ydelse', 'ydelser')} er skrevet til ${values.out}.\n`);
      return 0;
    }
    // a page at a time through the list's call: what the window shows, in its order
    const write = (s: string) => io.out(s);
    let after: { dato: string; id: number } | null = null;
    let first = true;
    if (format === 'json') write('[');
    for (;;) {
      const page: { rows: Ydelse[]; next: { dato: string; id: number } | null } = await door.call('ydelser.list', { ...filter, after, limit: 500 });
      if (format === 'json')
        for (const y of page.rows) {
          write(`${first ? '' : ','}\n${JSON.stringify(y)}`);
          first = false;
        }
      else if (format === 'csv') {
        for (const line of csvLines(YDELSE_COLUMNS, page.rows, first)) write(line);
        first = false;
      } else {
        if (first && page.rows.length) write(tableLines([YDELSE_COLUMNS.map((c) => c.header)]));
        if (first && !page.rows.length) write('Ingen ydelser.\n');
        write(tableLines(page.rows.map((y) => YDELSE_COLUMNS.map((c) => cellText(c.value(y), c.kind)))));
        first = false;
      }
      if (!page.next) break;
      after = page.next;
    }
    if (format === 'json') write('\n]\n');
    return 0;
  } finally {
    door.close();
  }
}
