// sei-export: the month's SEI file through the window's call (--out answers the save dialog), or a kept export's file
// again (--again).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { count, number } from '../../../schemas/danish.ts';
import { formatShortDate, monthName } from '../../../schemas/dates.ts';
import { UserError } from '../../../schemas/errors.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, noPositionals, UnreadableError, UsageError, type Io } from '../io.ts';

export async function seiExportCommand(rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      month: { type: 'string' },
      out: { type: 'string' },
      again: { type: 'string' },
      kommune: { type: 'string' },
      'reporter-name': { type: 'string' },
      'reporter-email': { type: 'string' },
      format: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format);
  if (!values.out) throw new UsageError('Angiv filen, der skal skrives: --out FIL');
  if (values.again !== undefined) return seiExportAgain(values.again, values.out, db, format, io);
  if (!values.month) throw new UsageError('Angiv måneden: --month ÅÅÅÅ-MM');
  const month = values.month;
  const door = openFrontDoor(db, { save: values.out });
  try {
    const header = {
      ...(values.kommune === undefined ? {} : { kommunekode: values.kommune }),
      ...(values['reporter-name'] === undefined ? {} : { reporterName: values['reporter-name'] }),
      ...(values['reporter-email'] === undefined ? {} : { reporterEmail: values['reporter-email'] }),
    };
    let r;
    try {
      r = await door.call('sei.export', { month, header });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      if (e.fields.length) throw new UsageError(e.message); // the month or a header field as given
      // nothing to send (exit 1, with what waits and why), or the header or the file (exit 2)
      const plan = await door.call('sei.plan', { month });
      if (plan.counts.ny + plan.counts.rettelse + plan.counts.annullering > 0) throw new UnreadableError(e.message);
      const warnings = plan.warnings.reduce((n, w) => n + w.count, 0);
      if (format === 'json') io.out(`${JSON.stringify({ records: 0, errors: plan.pendingCount, warnings, file: null, sha256: null })}\n`);
      else {
        io.out(`${e.message}\n`);
        for (const p of plan.pending.slice(0, 50)) io.out(`  ${formatShortDate(p.dato)} (ydelse ${p.ydelseId}): ${p.message}\n`);
      }
      return 1;
    }
    if (!r) throw new UnreadableError('Filen blev ikke skrevet.');
    if (format === 'json') {
      io.out(`${JSON.stringify({ records: r.records, errors: r.pending, warnings: r.warnings, file: path.resolve(values.out), sha256: r.sha256 })}\n`);
    } else {
      const c = r.counts;
      io.out(
        `SEI-filen for ${monthName(month)} er skrevet til ${values.out}: ${count(r.records, 'ydelse', 'ydelser')} (${number(c.ny)} ${c.ny === 1 ? 'ny' : 'nye'}, ${count(c.rettelse, 'rettelse', 'rettelser')} og ${count(c.annullering, 'annullering', 'annulleringer')}).\n`,
      );
      if (r.pending) io.out(`${count(r.pending, 'ydelse har', 'ydelser har')} fejl og venter; se dem med: deadlines\n`);
      io.out(`SHA-256: ${r.sha256}\n`);
    }
    return 0;
  } finally {
    door.close();
  }
}

/** sei-export --again ID --out FILE: a kept export's file, byte for byte, its SHA-256 checked. */
async function seiExportAgain(idText: string, out: string, db: DbChoice, format: string, io: Io): Promise<number> {
  if (!/^\d+$/.test(idText))
    throw new UsageError(
      `--again skal være en eksports nummer (det står i eksporthistorikken i programmet og som lastExportId i deadlines --format json), ikke "${idText}".`,
    );
  const door = openFrontDoor(db, { save: out });
  try {
    let f;
    try {
      f = await door.call('sei.exportFile', { exportId: Number(idText) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      throw new UnreadableError(e.message);
    }
    io.out(
      format === 'json'
        ? `${JSON.stringify({ export: Number(idText), file: path.resolve(out), sha256: f.sha256 })}\n`
        : `${f.fileName} er skrevet til ${out} igen, uændret.\nSHA-256: ${f.sha256}\n`,
    );
    return 0;
  } finally {
    door.close();
  }
}
