// kl-export: the delivery to KL Gateway (FHIR, JSON) of everything not yet delivered, through the window's call; --out
// answers the save dialog.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { count } from '../../../schemas/danish.ts';
import { UserError } from '../../../schemas/errors.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { dayOption, formatOf, noPositionals, UnreadableError, UsageError, type Io } from '../io.ts';

export async function klExportCommand(rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, until: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format);
  if (!values.out) throw new UsageError('Angiv filen, der skal skrives: --out FIL.json');
  const until = values.until === undefined ? null : dayOption(values.until, '--until');
  const door = openFrontDoor(db, { save: values.out });
  try {
    let r;
    try {
      r = await door.call('kl.export', { until });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      if (e.fields.length) throw new UsageError(e.message);
      // nothing to deliver, or every citizen with changes blocked: exit 1 with what blocks whom
      const { checked } = await door.call('kl.status', { check: true });
      const status = checked!;
      io.out(
        format === 'json'
          ? `${JSON.stringify({ citizens: 0, resources: 0, errors: status.blocked.length, blocked: status.blocked, file: null, sha256: null })}\n`
          : `${e.message}\n`,
      );
      if (format !== 'json') for (const b of status.blocked) io.out(`  ${b.cpr}: ${b.problems.join(' ')}\n`);
      return 1;
    }
    if (!r) throw new UnreadableError('Filen blev ikke skrevet.');
    if (format === 'json') {
      io.out(
        `${JSON.stringify({ citizens: r.citizens, resources: r.resources, reports: r.reports, errors: r.blocked.length, blocked: r.blocked, file: path.resolve(values.out), sha256: r.sha256 })}\n`,
      );
    } else {
      io.out(
        `Leverancen til KL Gateway er skrevet til ${values.out}: ${count(r.citizens, 'borger', 'borgere')}, ${count(r.reports, 'rapport', 'rapporter')} og ${count(r.resources, 'ressource', 'ressourcer')}.\n`,
      );
      if (r.blocked.length) {
        io.out(`${count(r.blocked.length, 'borger er', 'borgere er')} ikke med, fordi noget mangler:\n`);
        for (const b of r.blocked) io.out(`  ${b.cpr}: ${b.problems.join(' ')}\n`);
      }
      io.out(`SHA-256: ${r.sha256}\n`);
    }
    return 0;
  } finally {
    door.close();
  }
}
