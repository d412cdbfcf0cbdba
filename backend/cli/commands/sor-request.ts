// sor-request: the application for a SOR code as an .eml file, through the window's call (the fields read from a JSON
// file; the rules and the mail are the window's). It keeps nothing, so it needs no database.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { EMPTY_FIELDS, FIELD_LABELS, type SorRequestFields } from '../../../schemas/sor-request.ts';
import { count } from '../../../schemas/danish.ts';
import { UserError } from '../../../schemas/errors.ts';
import { openFrontDoor } from '../front-door.ts';
import { formatOf, noPositionals, readJsonFile, UnreadableError, UsageError, type Io } from '../io.ts';

export async function sorRequestCommand(rest: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { from: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  noPositionals(positionals);
  const format = formatOf(values.format);
  if (!values.from) throw new UsageError('Angiv felterne: --from FELTER.json');
  if (!values.out) throw new UsageError('Angiv filen, der skal skrives: --out FIL.eml');
  const input = readJsonFile(values.from);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new UnreadableError(`${values.from} skal indeholde ét JSON-objekt med ansøgningens felter.`);
  const given = input as Record<string, unknown>;
  // the choices may be written with Danish letters ("genoptræningscenter") or without
  for (const k of ['institutionType', 'owner', 'kind'] as const) {
    const v = given[k];
    if (typeof v === 'string') given[k] = v.trim().toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa');
  }
  const known = new Set(Object.keys(EMPTY_FIELDS));
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  const fields = Object.fromEntries(Object.entries({ ...EMPTY_FIELDS, ...given }).filter(([k]) => known.has(k))) as unknown as SorRequestFields;
  const door = openFrontDoor(null, { save: values.out });
  try {
    let problems = unknown.map((k) => ({ field: k, message: `Ukendt felt "${k}".` }));
    let result = null;
    try {
      result = await door.call('sorRequests.email', { fields });
      problems = [...problems, ...result.problems];
    } catch (e) {
      // a field of the wrong type or an unknown choice: named with the field's Danish label
      if (!(e instanceof UserError) || !e.fields.length) throw e;
      const label = (f: string) => FIELD_LABELS[f.replace(/^fields\./, '') as keyof typeof FIELD_LABELS] ?? f;
      problems = [...problems, ...e.fields.map((f) => ({ field: f.field.replace(/^fields\./, ''), message: `${label(f.field)}: ${f.message}` }))];
    }
    if (problems.length > 0 || !result?.eml) {
      io.out(
        format === 'json'
          ? `${JSON.stringify({ written: false, problems })}\n`
          : `Ansøgningen er ikke skrevet. Ret ${problems.length === 1 ? 'dette' : `disse ${count(problems.length, 'punkt', 'punkter')}`}:\n${problems.map((p) => `  - ${p.message}`).join('\n')}\n`,
      );
      return 1;
    }
    try {
      await door.call('files.save', { fileName: 'ansoegning.eml', text: result.eml });
    } catch (e) {
      throw new UnreadableError((e as Error).message);
    }
    io.out(
      format === 'json'
        ? `${JSON.stringify({ written: true, file: path.resolve(values.out), to: result.email!.to, subject: result.email!.subject, mailto: result.mailto !== null })}\n`
        : `Ansøgningen er skrevet til ${values.out}: til ${result.email!.to}, emne "${result.email!.subject}". Åbn filen i mailprogrammet, og send den.\n`,
    );
    return 0;
  } finally {
    door.close();
  }
}
