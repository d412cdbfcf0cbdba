// Imports from files: the SKS code list and ydelser from other systems (CSV).

import { z } from 'zod';
import { FileRef } from '../files.ts';
import { IsoDay, SksListInfo, SksEntry, ImportResultSummary, ImportStatus } from './shapes.ts';

export const importsCalls = {
  'sks.status': { summary: 'Den indlæste SKS-kodeliste, eller null når ingen er indlæst.', args: z.object({}).strict(), result: SksListInfo.nullable() },
  'sks.preview': {
    summary:
      'Læser en SKS-kodeliste og viser, hvad den ændrer, uden at skrive noget: koder tilføjet, fjernet og ændret, og ydelser, der ikke længere er gyldige.',
    args: FileRef,
    result: z.object({
      previewId: z.string(),
      fileName: z.string(),
      count: z.number(),
      added: z.number(),
      removed: z.number(),
      changed: z.number(),
      examples: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
      becomeInvalid: z.number(),
      becomeInvalidCodes: z.array(z.object({ code: z.string(), count: z.number() })),
    }),
  },
  'sks.load': {
    summary: 'Indlæser den viste kodeliste og erstatter den hidtidige i én transaktion.',
    args: z.object({ previewId: z.string().uuid() }).strict(),
    result: SksListInfo,
  },
  'sks.discard': {
    summary: 'Glemmer en vist kodeliste, der ikke skal indlæses.',
    args: z.object({ previewId: z.string().uuid() }).strict(),
    result: z.object({ discarded: z.literal(true) }),
  },
  'sks.search': {
    summary: 'SKS-koder, der begynder med eller hvis tekst indeholder søgningen, gyldige på dagen.',
    args: z.object({ term: z.string().max(50), day: IsoDay }).strict(),
    result: z.array(SksEntry),
  },
  'import.analyse': {
    summary: 'Læser en CSV-fil med ydelser og kontrollerer den uden at skrive noget; følg med via import.status.',
    args: FileRef,
    result: z.object({ jobId: z.string() }),
  },
  'import.status': {
    summary: 'Hvor langt en import er, og når filen er læst: forhåndsvisning med alle fejl.',
    args: z.object({ jobId: z.string().uuid() }).strict(),
    result: ImportStatus,
  },
  'import.commit': {
    summary: 'Skriver en kontrolleret fil i én transaktion; en fil med fejl afvises, medmindre de fejlbehæftede rækker springes over.',
    args: z.object({ jobId: z.string().uuid(), skipInvalid: z.boolean().default(false) }).strict(),
    result: ImportResultSummary,
  },
  'import.discard': {
    summary: 'Glemmer en import, der ikke skal skrives.',
    args: z.object({ jobId: z.string().uuid() }).strict(),
    result: z.object({ discarded: z.literal(true) }),
  },
} as const;
