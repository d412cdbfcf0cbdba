// places list: the places where genoptræning happens, through the window's call.

import { parseArgs } from 'node:util';
import { describeCode, PLACE_TYPE_LABELS, type Place } from '../../../schemas/places.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, noPositionals, table, UsageError, type Io } from '../io.ts';

function placesTable(places: Place[]): string {
  if (places.length === 0) return 'Ingen steder.\n';
  return table([
    ['Id', 'Navn', 'Type', 'Institutionskode', 'Ejer', 'Status'],
    ...places.map((p) => [
      String(p.id),
      p.name,
      p.type === 'andet' && p.typeOther ? p.typeOther : PLACE_TYPE_LABELS[p.type],
      describeCode(p.code),
      p.owner === 'kommunal' ? 'Kommunal' : 'Privat (aftale)',
      p.active ? 'Aktiv' : 'Deaktiveret',
    ]),
  ]);
}

export async function placesCommand(sub: string | undefined, rest: string[], db: DbChoice, io: Io): Promise<number> {
  if (sub !== 'list') throw new UsageError(sub ? `Ukendt underkommando: places ${sub}` : 'Angiv en underkommando: places list');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { format: { type: 'string' }, search: { type: 'string' }, alle: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format);
  const door = openFrontDoor(db);
  try {
    const places = await door.call('places.list', { search: values.search ?? '', includeInactive: values.alle ?? false });
    io.out(format === 'json' ? `${JSON.stringify(places, null, 2)}\n` : placesTable(places));
    return 0;
  } finally {
    door.close();
  }
}
