// ydelser list: the ydelser list with the window's filters and sort, as a table, JSON, CSV or an Excel workbook,
// through the window's calls (a page at a time; a file through the list's export, --out answering the save dialog).

import { parseArgs } from 'node:util';
import { TABLE_FORMATS, type TableFormat } from '../../../schemas/files.ts';
import type { CallArgs, CallResult } from '../../../schemas/api.ts';
import { YDELSE_SORTS } from '../../../schemas/list-sort.ts';
import { YDELSE_COLUMNS } from '../../services/lists/ydelse-columns.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, noPositionals, UsageError, type Io } from '../io.ts';
import { checkOut, exportTo, idOption, LIST_FLAGS, PERIOD_FLAGS, periodOf, printPages, sortOption } from './list-output.ts';

export async function ydelserCommand(sub: string | undefined, rest: string[], db: DbChoice, io: Io): Promise<number> {
  if (sub !== 'list') throw new UsageError(sub ? `Ukendt underkommando: ydelser ${sub}` : 'Angiv en underkommando: ydelser list');
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      ...LIST_FLAGS,
      ...PERIOD_FLAGS,
      search: { type: 'string' },
      kode: { type: 'string' },
      sted: { type: 'string' },
      forloeb: { type: 'string' },
      'kun-ikke-indberetbare': { type: 'boolean' },
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
    sort: sortOption(YDELSE_SORTS, values),
    ...periodOf(values),
  };
  checkOut(format, values.out);
  const door = openFrontDoor(db, values.out ? { save: values.out } : {});
  try {
    if (values.out)
      return await exportTo(io, values.out, () => door.call('ydelser.exportList', { ...filter, format: format as TableFormat }), 'ydelse', 'ydelser');
    // a page at a time through the list's call: what the window shows, in its order
    async function* pages() {
      let after: CallArgs<'ydelser.list'>['after'] = null;
      do {
        const page: CallResult<'ydelser.list'> = await door.call('ydelser.list', { ...filter, after, limit: 500 });
        yield page.rows;
        after = page.next;
      } while (after);
    }
    await printPages(io, format, YDELSE_COLUMNS, pages(), 'Ingen ydelser.');
    return 0;
  } finally {
    door.close();
  }
}
