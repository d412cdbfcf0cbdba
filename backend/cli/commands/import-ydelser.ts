// import-ydelser (also import-activities, its first name): a CSV file of ydelser through the window's calls: the file is
// chosen, analysed as a background job (asked until it is done), then written or refused.

import { parseArgs } from 'node:util';
import { count, number } from '../../../schemas/danish.ts';
import { UserError } from '../../../schemas/errors.ts';
import { type DbChoice, openFrontDoor } from '../front-door.ts';
import { formatOf, UsageError, type Io } from '../io.ts';

/** How many errors and warnings the text output lists (JSON has what the analysis kept). */
const LISTED = 50;

export async function importYdelserCommand(command: string, rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { 'skip-invalid': { type: 'boolean' }, rejects: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(`Angiv præcis én fil: ${command} FIL`);
  const format = formatOf(values.format);
  const file = positionals[0]!;
  const skip = values['skip-invalid'] ?? false;
  const rejectsPath = values.rejects ?? file.replace(/(\.csv)?$/i, '-afviste.csv');
  const door = openFrontDoor(db, { open: file, save: rejectsPath });
  try {
    const chosen = await door.choose('csv');
    const { jobId } = await door.call('import.analyse', { fileId: chosen.fileId });
    const analysed = await door.waitFor(
      () => door.call('import.status', { jobId }),
      (s) => s.state === 'analyserer',
    );
    if (analysed.state === 'fejl' || !analysed.preview) {
      const message = analysed.message ?? 'Filen kunne ikke læses.';
      io.out(
        format === 'json'
          ? `${JSON.stringify({ imported: 0, rejected: 0, warnings: 0, duplicates: 0, errors: [{ line: 1, column: '', message }] })}\n`
          : `Filen er afvist: ${message}\n`,
      );
      return 1;
    }
    const p = analysed.preview;
    let result;
    try {
      result = await door.call('import.commit', { jobId, skipInvalid: skip });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      io.err(`${e.message}\n`);
      return 1;
    }
    let rejectsWritten: string | null = null;
    if (result.rejectCsv && (skip || values.rejects)) {
      const saved = await door.call('files.save', { fileName: 'afviste.csv', text: result.rejectCsv });
      rejectsWritten = saved.savedTo;
    }
    const refused = result.refused || (result.imported === 0 && result.rejected > 0);
    const lines: string[] = [];
    if (result.refused) {
      lines.push(`Filen er afvist: ${count(p.errorCount, 'fejl', 'fejl')} i ${count(result.rejected, 'række', 'rækker')}. Intet er importeret.`);
    } else {
      lines.push(`Importeret: ${count(result.imported, 'ydelse', 'ydelser')}.`);
      if (result.duplicates) lines.push(`Allerede importeret (samme ekstern_id), sprunget over: ${number(result.duplicates)}.`);
      if (result.rejected) lines.push(`Afvist: ${count(result.rejected, 'række', 'rækker')}.`);
      if (result.placesCreated) lines.push(`Nye steder oprettet, som skal udfyldes: ${number(result.placesCreated)}.`);
    }
    if (p.warningCount) {
      lines.push(`${count(p.warningCount, 'advarsel', 'advarsler')} (blokerer ikke):`);
      for (const w of p.warnings.slice(0, LISTED)) lines.push(`  ${w.line ? `linje ${w.line}, ${w.column}: ` : ''}${w.message}`);
      if (p.warningCount > LISTED) lines.push(`  … og ${count(p.warningCount - LISTED, 'advarsel', 'advarsler')} mere.`);
    }
    for (const e of p.errors.slice(0, LISTED)) lines.push(`  linje ${e.line}, ${e.column}: ${e.message}`);
    if (p.errorCount > LISTED) lines.push(`  … og ${count(p.errorCount - LISTED, 'fejl', 'fejl')} mere.`);
    if (rejectsWritten) lines.push(`De afviste rækker er skrevet til ${rejectsWritten}.`);
    if (result.refused) lines.push('Ret fejlene, eller kør igen med --skip-invalid for at importere de gode rækker.');
    io.out(
      format === 'json'
        ? `${JSON.stringify({
            imported: result.imported,
            rejected: result.rejected,
            warnings: result.warnings,
            duplicates: result.duplicates,
            errorCount: p.errorCount,
            errors: p.errors,
          })}\n`
        : `${lines.join('\n')}\n`,
    );
    return refused ? 1 : 0;
  } finally {
    door.close();
  }
}
