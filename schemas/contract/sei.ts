// The monthly SEI file: the overview of months, the export with its validation report, and the import.

import { z } from 'zod';
import { FileRef, TABLE_FORMATS } from '../files.ts';
import { SevenDayMonth } from '../seven-day-figures.ts';
import { EXPORT_SORTS } from '../list-sort.ts';
import { Id, Month, sortArg, MonthStatus, Chart, ActionCounts, ExportReport, ExportInfo, SeiImportPreview, Delivered, ListExport } from './shapes.ts';

/** The export history's filter and sort (shown, and saved to the office). */
const ExportFilter = z.object({ month: Month.nullable().default(null), sort: sortArg(EXPORT_SORTS) });

export const seiCalls = {
  'months.overview': {
    summary: 'Startsidens oversigt: hver måneds tilstand og frist, hvad der blokerer, og ydelser pr. måned og sted.',
    args: z.object({}).strict(),
    result: z.object({ today: z.string(), months: z.array(MonthStatus), chart: Chart }),
  },
  'months.sevenDay': {
    summary:
      '§ 140, stk. 4 i tal pr. måned (den måned, fristen begynder i): forløb startet inden for 7-dagesfristen, efter den, ventende og afsluttet uden ydelse, og mediantiden til første ydelse. Ældste måned først.',
    args: z.object({ months: z.number().int().min(1).max(36).default(12) }).strict(),
    result: z.array(SevenDayMonth),
  },
  'months.sevenDayExport': {
    summary: 'Gemmer § 140-tallene pr. måned som Excel-projektmappe (.xlsx) eller CSV til Excel. Null, hvis brugeren fortryder.',
    args: z.object({ months: z.number().int().min(1).max(36).default(12), format: z.enum(TABLE_FORMATS) }).strict(),
    result: ListExport,
  },
  'sei.plan': {
    summary: 'Valideringsrapporten for næste eksport af en måned: hvad der sendes, hvad der venter og hvorfor, og advarsler.',
    args: z.object({ month: Month }).strict(),
    result: ExportReport,
  },
  'sei.export': {
    summary:
      'Danner månedens SEI-fil (ny, rettelse, annullering). Skrivebordsprogrammet spørger først, hvor filen skal gemmes, skriver den helt og registrerer først derefter eksporten (hvornår, hvem, antal, SHA-256, filen selv). Null, hvis brugeren fortryder: så er intet eksporteret.',
    args: z
      .object({
        month: Month,
        /** The command line's --kommune, --reporter-name and --reporter-email: this export only, the settings unchanged. */
        header: z
          .object({ kommunekode: z.string().max(10), reporterName: z.string().max(200), reporterEmail: z.string().max(200) })
          .partial()
          .strict()
          .optional(),
      })
      .strict(),
    result: z
      .object({
        exportId: z.number(),
        fileName: z.string(),
        sha256: z.string(),
        records: z.number(),
        counts: ActionCounts,
        pending: z.number(),
        /** Warnings in the records sent (they do not block). */
        warnings: z.number(),
        ...Delivered.shape,
      })
      .nullable(),
  },
  'sei.exportFile': {
    summary: 'En gemt eksports fil igen, byte for byte (SHA-256 kontrolleret); i skrivebordsprogrammet via gem-dialogen.',
    args: z.object({ exportId: Id }).strict(),
    result: z.object({ fileName: z.string(), sha256: z.string(), ...Delivered.shape }),
  },
  'sei.exports': {
    summary: 'De gemte eksporter, nyeste først eller efter en kolonne, evt. for én måned.',
    args: ExportFilter.strict(),
    result: z.array(ExportInfo),
  },
  'sei.exportsList': {
    summary: 'Gemmer eksporthistorikken med listens filter og sortering som Excel-projektmappe (.xlsx) eller CSV til Excel. Null, hvis brugeren fortryder.',
    args: ExportFilter.extend({ format: z.enum(TABLE_FORMATS) }).strict(),
    result: ListExport,
  },
  'sei.markSubmitted': {
    summary: 'Markerer månedens seneste eksport som indberettet i SEI.',
    args: z.object({ month: Month }).strict(),
    result: z.object({ marked: z.literal(true) }),
  },
  'sei.unmarkSubmitted': {
    summary: 'Fortryder markeringen "indberettet i SEI" for en måned.',
    args: z.object({ month: Month }).strict(),
    result: z.object({ unmarked: z.literal(true) }),
  },
  'sei.importPreview': {
    summary:
      'Læser en SEI-fil og viser, hvad en import ville gøre, uden at skrive noget: nye, rettede (felt for felt), annullerede, uændrede og konflikter (ændret her efter filen blev dannet, indberettet herfra siden, eller slettet her).',
    args: FileRef,
    result: SeiImportPreview,
  },
  'sei.importCommit': {
    summary: 'Importerer den viste fil i én transaktion. Konflikter beholder den lokale udgave, medmindre brugeren tager filens (for alle eller for udvalgte).',
    args: z
      .object({ previewId: z.string().uuid(), takeFile: z.union([z.enum(['ingen', 'alle']), z.array(z.string().max(100)).max(100_000)]).default('ingen') })
      .strict(),
    result: z.object({
      month: z.string(),
      records: z.number(),
      created: z.number(),
      updated: z.number(),
      cancelled: z.number(),
      unchanged: z.number(),
      placesCreated: z.number(),
      keptLocal: z.number(),
      tookFile: z.number(),
    }),
  },
  'sei.importDiscard': {
    summary: 'Glemmer en vist SEI-fil, der ikke skal importeres.',
    args: z.object({ previewId: z.string().uuid() }).strict(),
    result: z.object({ discarded: z.literal(true) }),
  },
} as const;
