// forloeb list: the forløb list with the window's filters and sort, as a table, JSON, CSV or an Excel workbook,
// through the window's calls.

import { parseArgs } from 'node:util';
import { TABLE_FORMATS, type TableFormat } from '../../../schemas/files.ts';
import { SEVEN_DAY_FILTERS, type SevenDayFilter } from '../../../schemas/forloeb-ydelser.ts';
import { FORLOEB_SORTS, FORLOEB_STATUS_FILTERS } from '../../../schemas/list-sort.ts';
import { FORLOEB_COLUMNS } from '../../services/lists/forloeb-columns.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, noPositionals, UsageError, type Io } from '../io.ts';
import { checkOut, exportTo, LIST_FLAGS, PERIOD_FLAGS, periodOf, printPages, sortOption } from './list-output.ts';

function oneOf<T extends string>(value: string | undefined, known: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(known as readonly string[]).includes(value)) throw new UsageError(`${flag} "${value}" kendes ikke: brug ${known.join(', ')}.`);
  return value as T;
}

export async function forloebCommand(sub: string | undefined, rest: string[], db: DbChoice, io: Io): Promise<number> {
  if (sub !== 'list') throw new UsageError(sub ? `Ukendt underkommando: forloeb ${sub}` : 'Angiv en underkommando: forloeb list');
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      ...LIST_FLAGS,
      ...PERIOD_FLAGS,
      search: { type: 'string' },
      status: { type: 'string' },
      frist: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format, TABLE_FORMATS);
  const filter = {
    search: values.search ?? '',
    status: oneOf(values.status, FORLOEB_STATUS_FILTERS, '--status', 'aktiv'),
    sevenDay: oneOf<SevenDayFilter>(values.frist, SEVEN_DAY_FILTERS, '--frist', 'alle'),
    sort: sortOption(FORLOEB_SORTS, values),
    ...periodOf(values),
  };
  checkOut(format, values.out);
  const door = openFrontDoor(db, values.out ? { save: values.out } : {});
  try {
    if (values.out)
      return await exportTo(io, values.out, () => door.call('forloeb.exportList', { ...filter, format: format as TableFormat }), 'forløb', 'forløb');
    async function* pages() {
      for (let offset = 0; ; offset += 500) {
        const page = await door.call('forloeb.list', { ...filter, limit: 500, offset });
        yield page.rows;
        if (offset + page.rows.length >= page.total || page.rows.length === 0) return;
      }
    }
    await printPages(io, format, FORLOEB_COLUMNS, pages(), 'Ingen forløb.');
    return 0;
  } finally {
    door.close();
  }
}
