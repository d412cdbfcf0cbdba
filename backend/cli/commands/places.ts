// places list: the places where genoptræning happens, with the window's search and sort, as a table, JSON, CSV or an
// Excel workbook, through the window's calls.

import { parseArgs } from 'node:util';
import { TABLE_FORMATS, type TableFormat } from '../../../schemas/files.ts';
import { PLACE_SORTS } from '../../../schemas/list-sort.ts';
import { PLACE_COLUMNS } from '../../services/lists/place-columns.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, noPositionals, UsageError, type Io } from '../io.ts';
import { checkOut, exportTo, LIST_FLAGS, printPages, sortOption } from './list-output.ts';

export async function placesCommand(sub: string | undefined, rest: string[], db: DbChoice, io: Io): Promise<number> {
  if (sub !== 'list') throw new UsageError(sub ? `Ukendt underkommando: places ${sub}` : 'Angiv en underkommando: places list');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...LIST_FLAGS, search: { type: 'string' }, alle: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format, TABLE_FORMATS);
  const filter = { search: values.search ?? '', includeInactive: values.alle ?? false, sort: sortOption(PLACE_SORTS, values) };
  checkOut(format, values.out);
  const door = openFrontDoor(db, values.out ? { save: values.out } : {});
  try {
    if (values.out) return await exportTo(io, values.out, () => door.call('places.exportList', { ...filter, format: format as TableFormat }), 'sted', 'steder');
    const places = await door.call('places.list', filter);
    // JSON as before: the places with every field, indented
    if (format === 'json') io.out(`${JSON.stringify(places, null, 2)}\n`);
    else
      await printPages(
        io,
        format,
        PLACE_COLUMNS,
        (async function* () {
          yield places;
        })(),
        'Ingen steder.',
      );
    return 0;
  } finally {
    door.close();
  }
}
