// sor-check: the SOR download checked against the rules for plejeenheder and helhedspleje. Unlike the window's check
// (one owner, remembered in the database to say what is new or fixed since last), the command line checks one owner,
// one kommune or every owner in the file, and keeps nothing; both run the same rules (checkTree in services/sor).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { findingsCsv, findingsHtml, findingsText } from '../../../schemas/sor-report.ts';
import { checkSorFile, parseTypes } from '../../services/sor/check.ts';
import { DEFAULT_TYPES } from '../../services/sor/rules.ts';
import { dayOption, formatOf, readJsonFile, UsageError, type Io } from '../io.ts';

export async function sorCheckCommand(rest: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { types: { type: 'string' }, owner: { type: 'string' }, kommune: { type: 'string' }, date: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én SOR-fil: sor-check FIL');
  if (values.owner && values.kommune) throw new UsageError('Brug enten --owner eller --kommune, ikke begge.');
  const format = formatOf(values.format, ['html', 'csv']);
  const date = values.date === undefined ? undefined : dayOption(values.date);
  const types = values.types ? parseTypes(readJsonFile(values.types), values.types) : DEFAULT_TYPES;
  const result = await checkSorFile(positionals[0]!, types, date, { owner: values.owner, kommune: values.kommune });
  io.out(
    format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : format === 'csv'
        ? findingsCsv(result)
        : format === 'html'
          ? findingsHtml(result, path.basename(positionals[0]!))
          : findingsText(result),
  );
  return 0;
}
