// sei-import through the same calls as the window: the file is chosen, previewed, then imported (or not).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { count } from '../../../schemas/danish.ts';
import { formatShortDate } from '../../../schemas/dates.ts';
import { UserError } from '../../../schemas/errors.ts';
import { maskCpr } from '../../../schemas/privacy.ts';
import type { SeiImportKind } from '../../services/sei-import.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, UsageError, type Io } from '../io.ts';

export async function seiImportCommand(rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { format: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'take-file': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én fil: sei-import FIL');
  if (values['dry-run'] && values['take-file']) throw new UsageError('Brug enten --dry-run eller --take-file, ikke begge.');
  const format = formatOf(values.format);
  const file = positionals[0]!;
  const name = path.basename(file);
  const door = openFrontDoor(db, { open: file });
  try {
    const chosen = await door.choose('sei');
    const refused = (e: unknown) => {
      if (!(e instanceof UserError)) throw e;
      io.out(format === 'json' ? `${JSON.stringify({ imported: false, error: maskCpr(e.message) })}\n` : `${maskCpr(e.message)}\n`);
      return 1;
    };
    let plan;
    try {
      plan = await door.call('sei.importPreview', { fileId: chosen.fileId });
    } catch (e) {
      return refused(e);
    }
    const conflicts = plan.records.filter((r) => r.kind === 'konflikt');
    if (values['dry-run']) {
      await door.call('sei.importDiscard', { previewId: plan.previewId });
      const { previewId: _, ...shown } = plan;
      if (format === 'json') io.out(`${JSON.stringify({ imported: false, dryRun: true, ...shown })}\n`);
      else {
        io.out(`${name} (${plan.month}, dannet ${formatShortDate(plan.created.slice(0, 10))}) ville give: ${countsText(plan.counts)}. Intet er skrevet.\n`);
        for (const r of plan.records.filter((x) => x.kind !== 'ny').slice(0, 200)) {
          io.out(`  linje ${r.line}, ${formatShortDate(r.dato)}, id ${r.uid}: ${KIND_TEXT[r.kind]}${r.reason ? ` (${r.reason})` : ''}\n`);
          for (const ch of r.changes) io.out(`      ${ch.field}: her ${ch.local}, i filen ${ch.file}\n`);
        }
        if (conflicts.length) io.out('Konflikter beholder den lokale udgave; --take-file tager filens.\n');
      }
      return 0;
    }
    let result;
    try {
      result = await door.call('sei.importCommit', { previewId: plan.previewId, takeFile: values['take-file'] ? 'alle' : 'ingen' });
    } catch (e) {
      return refused(e);
    }
    if (format === 'json')
      io.out(
        `${JSON.stringify({ imported: true, ...result, conflicts: conflicts.map((r) => ({ line: r.line, uid: r.uid, reason: r.reason, changes: r.changes })) })}\n`,
      );
    else {
      io.out(
        `${name} (${result.month}) er indlæst: ${count(result.created, 'ny', 'nye')}, ${count(result.updated, 'rettet', 'rettede')}, ${count(result.cancelled, 'annulleret', 'annullerede')} og ${count(result.unchanged, 'uændret', 'uændrede')}.\n`,
      );
      if (result.keptLocal) {
        io.out(`${count(result.keptLocal, 'konflikt', 'konflikter')}: den lokale udgave er beholdt (kør igen med --take-file for at tage filens):\n`);
        for (const r of conflicts.slice(0, 200)) io.out(`  linje ${r.line}, ${formatShortDate(r.dato)}, id ${r.uid}: ${r.reason}\n`);
      }
      if (result.tookFile) io.out(`${count(result.tookFile, 'konflikt', 'konflikter')}: filens udgave er taget.\n`);
    }
    return 0;
  } finally {
    door.close();
  }
}

const KIND_TEXT: Record<SeiImportKind, string> = { ny: 'ny', rettelse: 'rettes', annullering: 'annulleres', uaendret: 'uændret', konflikt: 'konflikt' };

function countsText(c: Record<SeiImportKind, number>): string {
  return `${count(c.ny, 'ny', 'nye')}, ${count(c.rettelse, 'rettet', 'rettede')}, ${count(c.annullering, 'annulleret', 'annullerede')}, ${count(c.uaendret, 'uændret', 'uændrede')} og ${count(c.konflikt, 'konflikt', 'konflikter')}`;
}
