// The program itself: its version and database, files chosen and saved through the system's dialogs, the report's settings, and backups.

import { z } from 'zod';
import { checkKommunekode, isEmail } from '../codes.ts';
import { ChosenFile, FileRef, OpenPurposeSchema, PrintArgs, SaveArgs } from '../files.ts';
import { Settings, AppInfo, BackupInfo } from './shapes.ts';

export const appCalls = {
  'app.info': {
    summary: 'Programmets version, databasens placering og skemaversion.',
    args: z.object({}).strict(),
    result: AppInfo,
  },
  'store.choose': {
    summary:
      'Skrivebordsprogrammet: vælger kommunens fælles database (en PostgreSQL-adresse; adgangskoden gemmes krypteret med systemets nøglering) eller denne computers databasefil (null). Forbindelsen prøves først; programmet genstarter derefter.',
    args: z
      .object({
        url: z
          .string()
          .max(500)
          .regex(/^postgres(ql)?:\/\//i, 'Skriv adressen som postgres://bruger@server:5432/database.')
          .nullable(),
        password: z.string().max(500).optional(),
      })
      .strict(),
    result: z.object({ restarting: z.boolean() }),
  },
  'files.choose': {
    summary: 'Skrivebordsprogrammet: systemets dialog til at vælge en fil; programmet læser den fra dens sti. Null, hvis brugeren fortryder.',
    args: z.object({ purpose: OpenPurposeSchema }).strict(),
    result: ChosenFile.nullable(),
  },
  'files.save': {
    summary: 'Skrivebordsprogrammet: systemets dialog til at gemme en fil, som så skrives helt eller slet ikke. Null, hvis brugeren fortryder.',
    args: SaveArgs,
    result: z.object({ savedTo: z.string().nullable() }),
  },
  'files.print': {
    summary:
      'Skrivebordsprogrammet: udskriver en rapport (månedsrapporten, et forløbs resumé, SOR-kontrollen) gennem systemets udskriftsdialog. Falsk, hvis brugeren fortryder.',
    args: PrintArgs.omit({ fileName: true }),
    result: z.object({ printed: z.boolean() }),
  },
  'files.savePdf': {
    summary:
      'Skrivebordsprogrammet: gemmer en rapport som PDF (A4) dér, hvor brugeren vælger i systemets dialog; filen skrives helt eller slet ikke. Null, hvis brugeren fortryder.',
    args: PrintArgs,
    result: z.object({ savedTo: z.string().nullable() }),
  },
  'backup.status': {
    summary: 'Sikkerhedskopierne: mappen, de automatiske kopier (én om dagen ved start) og hvor mange der gemmes.',
    args: z.object({}).strict(),
    result: z.object({
      folder: z.string(),
      /** Whether the folder is one chosen in the settings (else the one beside the database). */
      chosen: z.boolean(),
      keep: z.number(),
      automatic: z.array(z.object({ file: z.string(), at: z.string(), bytes: z.number() })),
    }),
  },
  'backup.setFolder': {
    summary:
      'Vælger mappen til sikkerhedskopier (hele stien; en mappe, der findes, og som ikke alle på maskinen kan skrive i); null: mappen ved siden af databasen igen.',
    args: z.object({ folder: z.string().max(1000).nullable() }).strict(),
    result: z.object({ folder: z.string() }),
  },
  'backup.setKeep': {
    summary: 'Hvor mange automatiske sikkerhedskopier der gemmes (de ældste slettes).',
    args: z.object({ keep: z.number().int().min(1, 'Gem mindst én kopi.').max(365, 'Højst 365 kopier.') }).strict(),
    result: z.object({ keep: z.number() }),
  },
  'backup.now': {
    summary:
      'Tager en sikkerhedskopi nu: i skrivebordsprogrammet dér, hvor brugeren vælger; i browser-tilstand i sikkerhedskopimappen. Null, hvis brugeren fortryder.',
    args: z.object({}).strict(),
    result: z.object({ file: z.string(), bytes: z.number() }).nullable(),
  },
  'backup.inspect': {
    summary: 'Kontrollerer en valgt sikkerhedskopi (programmets egen, hel, ikke fra en nyere version) og viser, hvad den indeholder. Intet ændres.',
    args: FileRef,
    result: z.object({ restoreId: z.string(), info: BackupInfo }),
  },
  'backup.restore': {
    summary: 'Gendanner databasen fra den kontrollerede sikkerhedskopi; databasen, som den var, gemmes først som kopi.',
    args: z.object({ restoreId: z.string().uuid() }).strict(),
    result: z.object({ info: BackupInfo, replacedCopy: z.string() }),
  },
  'settings.get': { summary: 'Indberetningens indstillinger: kommunekode og indberetter.', args: z.object({}).strict(), result: Settings },
  'settings.set': {
    summary: 'Gemmer kommunekode og indberetter til SEI-filens hoved.',
    args: z
      .object({
        kommunekode: z.string().transform((v, ctx) => {
          if (v.trim() === '') return '';
          const r = checkKommunekode(v);
          if (!r.ok) {
            ctx.addIssue({ code: 'custom', message: r.message });
            return z.NEVER;
          }
          return r.value;
        }),
        reporterName: z.string().trim().max(200, 'Navnet må højst have 200 tegn.'),
        reporterEmail: z
          .string()
          .trim()
          .refine((v) => v === '' || isEmail(v), 'E-mailadressen er ikke gyldig (fx navn@kommune.dk).'),
      })
      .strict(),
    result: Settings,
  },
} as const;
