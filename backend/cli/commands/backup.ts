// backup and restore through the window's calls: --out answers the save dialog; the backup named is what the open
// dialog would answer, inspected first, restored only with --yes.

import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BackupInfo } from '../../../schemas/api.ts';
import { count } from '../../../schemas/danish.ts';
import { formatShortDate, monthName } from '../../../schemas/dates.ts';
import { UserError } from '../../../schemas/errors.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, mb, noPositionals, UnreadableError, UsageError, type Io } from '../io.ts';

export async function backupCommand(rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  if (!values.out) throw new UsageError('Angiv sikkerhedskopiens fil: --out FIL');
  const format = formatOf(values.format);
  const door = openFrontDoor(db, { save: values.out });
  try {
    let r;
    try {
      r = await door.call('backup.now', {});
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      throw new UnreadableError(e.message);
    }
    if (!r) throw new UnreadableError('Sikkerhedskopien blev ikke skrevet.');
    io.out(
      format === 'json'
        ? `${JSON.stringify({ file: path.resolve(r.file), bytes: r.bytes })}\n`
        : `Sikkerhedskopien er skrevet til ${r.file} (${mb(r.bytes)}).\n`,
    );
    return 0;
  } finally {
    door.close();
  }
}

function holds(info: BackupInfo): string {
  const last = info.lastExport ? `${monthName(info.lastExport.month)} (${formatShortDate(info.lastExport.at.slice(0, 10))})` : 'ingen';
  return `${count(info.ydelser, 'ydelse', 'ydelser')}, ${count(info.forloeb, 'forløb', 'forløb')} og ${count(info.places, 'sted', 'steder')}; seneste eksport: ${last}`;
}

export async function restoreCommand(rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { yes: { type: 'boolean' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én sikkerhedskopi: restore FIL');
  const format = formatOf(values.format);
  const file = positionals[0]!;
  const door = openFrontDoor(db, { open: file });
  try {
    const chosen = await door.choose('backup');
    let inspected;
    try {
      inspected = await door.call('backup.inspect', { fileId: chosen.fileId });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      throw new UnreadableError(e.message);
    }
    const { info } = inspected;
    if (!values.yes) {
      io.out(
        format === 'json'
          ? `${JSON.stringify({ restored: false, info })}\n`
          : `${path.basename(info.file)} er en hel sikkerhedskopi (skemaversion ${info.schemaVersion}) med ${holds(info)}.\nIntet er ændret. Kør igen med --yes for at gendanne databasen fra den.\n`,
      );
      return 1;
    }
    const r = await door.call('backup.restore', { restoreId: inspected.restoreId });
    io.out(
      format === 'json'
        ? `${JSON.stringify({ restored: true, info: r.info, replacedCopy: r.replacedCopy })}\n`
        : `Databasen er gendannet fra ${path.basename(info.file)}: ${holds(info)}.\nDatabasen, som den var, er gemt i ${r.replacedCopy}.\n`,
    );
    return 0;
  } finally {
    door.close();
  }
}
