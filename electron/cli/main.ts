// The command line: sei-genoptraening [--db FIL] KOMMANDO ...
// Exit codes: 0 done, 1 refused (the data was wrong), 2 bad usage or an unreadable file.

import { parseArgs } from 'node:util';
import { UserError } from '../../schemas/errors.ts';
import { describeCode, PLACE_TYPE_LABELS, type Place } from '../../schemas/places.ts';
import { openDatabase } from '../../db/open.ts';
import { listPlaces } from '../../db/places.ts';
import { DB_ENV, resolveDbPath } from '../paths.ts';
import { APP_VERSION } from '../version.ts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};

export const HELP = `SEI Genoptræning ${APP_VERSION} – kommandolinje

Brug:
  sei-genoptraening [--db FIL] KOMMANDO [TILVALG]

Kommandoer:
  places list [--format tabel|json] [--search TEKST] [--alle]
      Viser stederne, hvor genoptræning foregår. --alle tager deaktiverede steder med.

Fælles tilvalg:
  --db FIL        Databasefilen. Standard: $${DB_ENV}, ellers programmets datamappe.
  --help, -h      Denne hjælp.
  --version       Programmets version.

Slutkoder: 0 udført, 1 afvist (data er forkerte), 2 forkert brug eller fil der ikke kan læses.
`;

class UsageError extends Error {}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd()).join('\n') + '\n';
}

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

function placesCommand(sub: string | undefined, rest: string[], dbPath: string, io: Io): number {
  if (sub !== 'list') throw new UsageError(sub ? `Ukendt underkommando: places ${sub}` : 'Angiv en underkommando: places list');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { format: { type: 'string', default: 'tabel' }, search: { type: 'string' }, alle: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Uventet argument: ${positionals[0]}`);
  const format = values.format === 'table' ? 'tabel' : values.format;
  if (format !== 'tabel' && format !== 'json') throw new UsageError(`Ukendt format "${values.format}": brug tabel eller json.`);
  const { db } = openDatabase(dbPath);
  try {
    const places = listPlaces(db, { search: values.search ?? '', includeInactive: values.alle ?? false });
    io.out(format === 'json' ? `${JSON.stringify(places, null, 2)}\n` : placesTable(places));
  } finally {
    db.close();
  }
  return 0;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  // Global options may stand anywhere; the command's own are parsed by the command.
  let dbFlag: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') {
      dbFlag = argv[++i];
      if (!dbFlag) {
        io.err('Forkert brug: --db skal efterfølges af en filsti.\n');
        return 2;
      }
    } else if (a.startsWith('--db=')) dbFlag = a.slice(5);
    else args.push(a);
  }
  if (args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help') {
    io.out(HELP);
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version') {
    io.out(`${APP_VERSION}\n`);
    return 0;
  }
  const dbPath = resolveDbPath(dbFlag, io.env);
  const [command, sub, ...rest] = args;
  try {
    switch (command) {
      case 'places':
        return placesCommand(sub, rest, dbPath, io);
      default:
        throw new UsageError(`Ukendt kommando: ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`Forkert brug: ${(e as Error).message}\nSe: sei-genoptraening --help\n`);
      return 2;
    }
    if (e instanceof UserError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
