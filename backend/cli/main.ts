// The command line: sei-genoptraening [--db FIL] KOMMANDO ...
// Exit codes: 0 done, 1 refused (the data was wrong), 2 bad usage or an unreadable file, 3 a fault in the program.
// Every command that reads or writes the database goes through the window's calls (front-door.ts), one module each in
// commands/.

import { BUSY_MESSAGE, isBusy } from '../../db/busy.ts';
import { UserError } from '../../schemas/errors.ts';
import { maskCpr } from '../../schemas/privacy.ts';
import { DB_ENV, resolveDbPath } from '../paths.ts';
import { APP_VERSION } from '../version.ts';
import { FORLOEB_SORTS, FORLOEB_STATUS_FILTERS, PLACE_SORTS, SEVEN_DAY_FILTERS, YDELSE_SORTS } from '../../schemas/list-sort.ts';
import { type Io, UnreadableError, UsageError } from './errors.ts';

export type { Io } from './errors.ts';

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};

let pipeWatched = false;
/**
 * A reader that stops reading the output (`| head`, a pager closed early) ends the command quietly, as other
 * command-line programs end, instead of with Node's stack trace of the failed write ("write EPIPE").
 */
function endQuietlyWhenReaderGoes(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

const sortKeys = (keys: object) => Object.keys(keys).join('|');

export const HELP = `SEI Genoptræning ${APP_VERSION} – kommandolinje

Brug:
  sei-genoptraening [--db FIL] KOMMANDO [TILVALG]

Kommandoer:
  places list [--search TEKST] [--alle] [--sorter ${sortKeys(PLACE_SORTS)} [--faldende]]
              [--format tekst|json|csv|xlsx] [--out FIL]
      Viser stederne, hvor genoptræning foregår. --alle tager deaktiverede steder med.

  forloeb list [--month ÅÅÅÅ-MM | --fra ÅÅÅÅ-MM-DD --til ÅÅÅÅ-MM-DD] [--search TEKST]
               [--status ${FORLOEB_STATUS_FILTERS.join('|')}] [--frist ${SEVEN_DAY_FILTERS.join('|')}]
               [--sorter ${sortKeys(FORLOEB_SORTS)} [--faldende]] [--format tekst|json|csv|xlsx] [--out FIL]
      Viser forløbene (standard: de aktive, senest udskrevne først); perioden gælder udskrivningsdatoen.
      --frist frist: tæt på eller over 7-dagesfristen uden første ydelse; brudt: startet efter fristen.

  ydelser list [--month ÅÅÅÅ-MM | --fra ÅÅÅÅ-MM-DD --til ÅÅÅÅ-MM-DD] [--search TEKST] [--kode KODE]
               [--sted ID] [--forloeb ID] [--kun-ikke-indberetbare] [--sorter ${sortKeys(YDELSE_SORTS)} [--faldende]]
               [--format tekst|json|csv|xlsx] [--out FIL]
      Viser ydelserne, nyeste først, med listens filtre.

      Listerne skrives som tabel, JSON eller CSV, eller til en fil (--out) som Excel-projektmappe (xlsx)
      eller CSV til Excel (UTF-8, semikolon); xlsx kræver --out. --sorter NØGLE sorterer stigende,
      med --faldende faldende.

  import-ydelser FIL [--skip-invalid] [--rejects FIL] [--format tekst|json]   (også: import-activities)
      Importerer ydelser fra en CSV-fil (kolonner: se README). En fil med fejl afvises helt;
      med --skip-invalid importeres de gode rækker, og de dårlige skrives til afvisningsfilen
      (--rejects, standard: FIL-afviste.csv).
      JSON: {"imported", "rejected", "warnings", "duplicates", "errorCount", "errors": [{"line", "column", "message"}]}
      (errors: de første 500).
  sei-export --month ÅÅÅÅ-MM --out FIL [--kommune KODE] [--reporter-name NAVN] [--reporter-email EMAIL] [--format tekst|json]
  sei-export --again EKSPORT --out FIL [--format tekst|json]
      Danner månedens SEI-fil (ny, rettelse, annullering). Kommune og indberetter kommer fra
      programmets indstillinger, hvis de ikke angives. Slutkode 1, når intet kunne eksporteres.
      JSON: {"records", "errors", "warnings", "file", "sha256"}.
  sei-import FIL [--dry-run | --take-file] [--format tekst|json]
      Indlæser en SEI-fil i formatet; samme fil to gange ændrer intet. Konflikter (ændret her, efter
      filen blev dannet) beholder den lokale udgave; --take-file tager filens; --dry-run skriver intet.
  settings get [NAVN] [--format tekst|json]
  settings set NAVN VÆRDI
      Viser eller ændrer programmets indstillinger (SEI-filens hoved, KL Gateway, sikkerhedskopier); navnene
      vises af settings get. En værdi, der ikke er gyldig, afvises med slutkode 1.
  kl-export --out FIL.json [--until ÅÅÅÅ-MM-DD] [--format tekst|json]
      Danner leverancen til KL Gateway (FHIR R4, §140-rapporterne) af alt, der ikke er leveret: én rapport pr.
      borger og dag, kontrolleret mod guidens profiler. En borger med fejl holdes tilbage; resten leveres.
      Slutkode 1, når intet kan leveres. JSON: {"citizens", "resources", "errors", "file", "sha256"}.
  backup --out FIL [--format tekst|json]
      Tager en sikkerhedskopi af databasen (mens den er i brug).
  restore FIL [--yes] [--format tekst|json]
      Kontrollerer sikkerhedskopien og viser, hvad den indeholder; med --yes gendannes databasen fra
      den, og databasen, som den var, gemmes først som kopi i mappen backups.
  db init postgres://BRUGER@SERVER:5432/DATABASE [--format tekst|json]
      Gør kommunens fælles PostgreSQL-database klar: skemaet, rollerne sei_terapeut og sei_administrator og
      deres rettigheder (køres af databasens ejer; igen efter en opdatering). Skriver, hvad databaseadministratoren
      derefter skal gøre. Adgangskoden læses fra .pgpass (PGPASSFILE), aldrig fra en fil af programmets.
  db copy --from FIL.sqlite --to postgres://… [--format tekst|json]
      Flytter en databasefil fra en pc ind i den fælles database: alt eller intet, antal rækker pr. tabel skrives.
      Måldatabasen skal være gjort klar med db init og være tom.
  deadlines [--date ÅÅÅÅ-MM-DD] [--format tekst|json]
      Hver måneds tilstand og frist (den 10. i den følgende måned).
  sor-request --from FELTER.json --out FIL.eml [--format tekst|json]
      Skriver ansøgningen om SOR-kode til SORpost@sundhedsdata.dk som .eml. Felterne (JSON) er
      nævnt i README. Mangler eller fejl i felterne: slutkode 1 og en dansk liste.
  sor-check FIL [--types TYPER.json] [--owner SORID | --kommune KODE] [--date ÅÅÅÅ-MM-DD] [--format tekst|json|html|csv]
      Kontrollerer SOR-udtrækket mod reglerne for plejeenheder og helhedspleje (vejledningen af 11.7.2025).
  sks-load FIL [--dry-run] [--format tekst|json]
      Indlæser SKS-kodelisten (Sundhedsdatastyrelsens SKScomplete.txt, eller CSV: kode; tekst; gyldig fra;
      gyldig til; genkendt på indholdet) og erstatter den hidtidige; siger, hvor
      mange koder der er nye, fjernede og ændrede, og hvilke ydelser der ikke længere er gyldige.
      --dry-run viser det uden at indlæse listen.

Slutkoder: 0 udført, 1 filen eller indholdet er afvist (intet skrevet), 2 forkert brug eller en fil, der ikke
kan læses, 3 en uventet fejl i programmet.

Fælles tilvalg:
  --db FIL        Databasefilen. Standard: $${DB_ENV}, ellers programmets datamappe.
  --ny            Opret databasen, hvis den ikke findes (ellers afvises en sti, der ikke findes).
  --help, -h      Denne hjælp.
  --version       Programmets version.
  --format        tekst (standard) eller json; sor-check også html og csv; listerne også csv og xlsx.
`;

/** Node's parseArgs speaks English; its errors, in Danish (the option named as Node names it). */
function parseArgsDanish(e: Error & { code: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
  const value = /'([^'-][^']*)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Ukendt tilvalg: ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return e.message.includes('ambiguous') || e.message.includes('argument missing')
        ? `${option} skal efterfølges af en værdi.`
        : `${option} tager ingen værdi.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Uventet argument: ${value}`;
    default:
      return e.message;
  }
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  if (io === defaultIo) endQuietlyWhenReaderGoes();
  // Global options may stand anywhere; the command's own are parsed by the command.
  let dbFlag: string | undefined;
  let create = false;
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
    else if (a === '--ny') create = true;
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
  const [command, sub, ...rest] = args;
  try {
    if (command === 'db') return await (await import('./commands/db.ts')).dbCommand(sub, rest, io);
    const dbPath = { path: resolveDbPath(dbFlag, io.env), create };
    switch (command) {
      // each command is loaded when it runs (the bundle has it as a chunk of its own)
      case 'places':
        return await (await import('./commands/places.ts')).placesCommand(sub, rest, dbPath, io);
      case 'forloeb':
        return await (await import('./commands/forloeb.ts')).forloebCommand(sub, rest, dbPath, io);
      case 'ydelser':
        return await (await import('./commands/ydelser.ts')).ydelserCommand(sub, rest, dbPath, io);
      case 'import-ydelser':
      case 'import-activities': // its first name, kept for scripts
        return await (await import('./commands/import-ydelser.ts')).importYdelserCommand(command, args.slice(1), dbPath, io);
      case 'sei-export':
        return await (await import('./commands/sei-export.ts')).seiExportCommand(args.slice(1), dbPath, io);
      case 'sei-import':
        return await (await import('./commands/sei-import.ts')).seiImportCommand(args.slice(1), dbPath, io);
      case 'deadlines':
        return await (await import('./commands/deadlines.ts')).deadlinesCommand(args.slice(1), dbPath, io);
      case 'sor-request':
        return await (await import('./commands/sor-request.ts')).sorRequestCommand(args.slice(1), io);
      case 'sor-check':
        return await (await import('./commands/sor-check.ts')).sorCheckCommand(args.slice(1), io);
      case 'sks-load':
        return await (await import('./commands/sks-load.ts')).sksCommand(args.slice(1), dbPath, io);
      case 'settings':
        return await (await import('./commands/settings.ts')).settingsCommand(sub, rest, dbPath, io);
      case 'kl-export':
        return await (await import('./commands/kl-export.ts')).klExportCommand(args.slice(1), dbPath, io);
      case 'backup':
        return await (await import('./commands/backup.ts')).backupCommand(args.slice(1), dbPath, io);
      case 'restore':
        return await (await import('./commands/backup.ts')).restoreCommand(args.slice(1), dbPath, io);
      default:
        throw new UsageError(`Ukendt kommando: ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`Forkert brug: ${e instanceof UsageError ? e.message : parseArgsDanish(e as Error & { code: string })}\nSe: sei-genoptraening --help\n`);
      return 2;
    }
    if (e instanceof UserError || e instanceof UnreadableError) {
      io.err(`${maskCpr(e.message)}\n`);
      return 2;
    }
    if (isBusy(e)) {
      io.err(`${BUSY_MESSAGE}\n`);
      return 2;
    }
    // a fault in the program itself: said in Danish, with the details for support (CPR numbers masked)
    io.err(
      `Der opstod en uventet fejl i SEI Genoptræning. Hvad der var gemt før fejlen, er gemt; resten er ikke. Send dette til support:\n${maskCpr((e as Error).stack ?? String(e))}\n`,
    );
    return 3;
  }
}
