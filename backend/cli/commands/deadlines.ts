// deadlines: each month's state and deadline, from the overview the window's front page shows.

import { parseArgs } from 'node:util';
import { formatShortDate, monthName } from '../../../schemas/dates.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { dayOption, formatOf, noPositionals, table, type Io } from '../io.ts';

export async function deadlinesCommand(rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { date: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format);
  const door = openFrontDoor(db, { today: values.date === undefined ? undefined : dayOption(values.date) });
  try {
    const { today, months } = await door.call('months.overview', {});
    if (format === 'json') {
      const out = months.map((m) => ({
        month: m.month,
        state: m.state,
        label: m.label,
        deadline: m.deadline,
        daysLeft: m.daysLeft,
        total: m.total,
        blocked: m.blocked,
        blockers: m.blockers,
        message: m.message,
        lastExport: m.lastExport?.at ?? null,
        lastExportId: m.lastExport?.id ?? null,
        submittedAt: m.submittedAt,
      }));
      io.out(`${JSON.stringify({ date: today, months: out }, null, 2)}\n`);
    } else {
      io.out(
        table([
          ['Måned', 'Tilstand', 'Frist', 'Ydelser', 'Blokeret', 'Besked'],
          ...months.map((m) => [monthName(m.month), m.label, formatShortDate(m.deadline), String(m.total), String(m.blocked), m.message]),
        ]),
      );
    }
    return 0;
  } finally {
    door.close();
  }
}
