// sks-load through the same calls as the window: the list is chosen, previewed (what it changes), then loaded.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { count, number } from '../../../schemas/danish.ts';
import { UserError } from '../../../schemas/errors.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, UsageError, type Io } from '../io.ts';

export async function sksCommand(rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { format: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én fil: sks-load FIL');
  const format = formatOf(values.format);
  const file = positionals[0]!;
  const door = openFrontDoor(db, { open: file });
  try {
    const chosen = await door.choose('sks');
    let diff;
    try {
      diff = await door.call('sks.preview', { fileId: chosen.fileId });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      io.out(
        format === 'json' ? `${JSON.stringify({ loaded: 0, errors: e.fields.length ? e.fields : [{ field: '', message: e.message }] })}\n` : `${e.message}\n`,
      );
      return 1;
    }
    const { previewId, fileName: _, ...changes } = diff;
    const invalid = diff.becomeInvalidCodes.map((c) => `${c.code} (${number(c.count)})`).join(', ');
    if (values['dry-run']) {
      await door.call('sks.discard', { previewId });
      io.out(
        format === 'json'
          ? `${JSON.stringify({ loaded: 0, dryRun: true, ...changes })}\n`
          : `${path.basename(file)} har ${count(diff.count, 'kode', 'koder')}: ${count(diff.added, 'ny', 'nye')}, ${count(diff.removed, 'fjernet', 'fjernede')} og ${count(diff.changed, 'ændret', 'ændrede')}. ` +
              `${count(diff.becomeInvalid, 'ydelse', 'ydelser')} ville ikke længere være gyldige${diff.becomeInvalid ? `: ${invalid}` : ''}. Intet er indlæst.\n`,
      );
      return 0;
    }
    const info = await door.call('sks.load', { previewId });
    io.out(
      format === 'json'
        ? `${JSON.stringify({ loaded: info.count, errors: [], added: diff.added, removed: diff.removed, changed: diff.changed, becomeInvalid: diff.becomeInvalid, becomeInvalidCodes: diff.becomeInvalidCodes })}\n`
        : `SKS-kodelisten er indlæst: ${count(info.count, 'kode', 'koder')} (${count(diff.added, 'ny', 'nye')}, ${count(diff.removed, 'fjernet', 'fjernede')} og ${count(diff.changed, 'ændret', 'ændrede')}).\n` +
            (diff.becomeInvalid ? `${count(diff.becomeInvalid, 'ydelse er', 'ydelser er')} ikke længere gyldige: ${invalid}.\n` : ''),
    );
    return 0;
  } finally {
    door.close();
  }
}
