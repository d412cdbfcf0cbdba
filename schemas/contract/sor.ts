// SOR: applications for a SOR code, and the check of a kommune's registrations.

import { z } from 'zod';
import { Place } from '../places.ts';
import { SorCheckResult } from '../sor-report.ts';
import { FileRef, TABLE_FORMATS } from '../files.ts';
import { SEVERITY_FILTERS, type SeverityFilter, SOR_FINDING_SORTS } from '../list-sort.ts';
import { Id, IsoDay, ListExport, sortArg, SorFieldsSchema, SorRequest, SorProblems, SorEmailResult, SorTreeNodeSchema, SorTypes } from './shapes.ts';

export const sorCalls = {
  'sorRequests.list': {
    summary: 'Ansøgninger om SOR-kode (eller ændring), nyeste først, evt. for ét sted.',
    args: z.object({ placeId: Id.nullable().default(null) }).strict(),
    result: z.array(SorRequest),
  },
  'sorRequests.prefill': {
    summary: 'Ansøgningens felter udfyldt fra stedet og indberetningens indstillinger.',
    args: z.object({ placeId: Id }).strict(),
    result: SorFieldsSchema,
  },
  'sorRequests.save': {
    summary: 'Gemmer en ansøgning som kladde (også ufuldstændig) og siger, hvad der mangler.',
    args: z.object({ id: Id.nullable(), placeId: Id, fields: SorFieldsSchema }).strict(),
    result: z.object({ request: SorRequest, problems: SorProblems }),
  },
  'sorRequests.email': {
    summary: 'Mailen til SORpost@sundhedsdata.dk: emne, tekst, mailto-link (hvis ikke for langt) og .eml-fil; ellers hvad der mangler.',
    args: z.object({ fields: SorFieldsSchema }).strict(),
    result: SorEmailResult,
  },
  'sorRequests.markSent': {
    summary: 'Markerer ansøgningen som sendt den givne dag.',
    args: z.object({ id: Id, date: IsoDay }).strict(),
    result: SorRequest,
  },
  'sorRequests.codeReceived': {
    summary: 'Den modtagne SOR-kode (kontrolleret) sættes på stedet; svaret siger, hvor mange ydelser der nu kan indberettes.',
    args: z.object({ id: Id, code: z.string().max(30) }).strict(),
    result: z.object({ request: SorRequest, place: Place, nowReportable: z.number() }),
  },
  'sor.read': {
    summary: 'Læser den valgte SOR-fil (Sor.xml, v1 eller v2) som strøm; følg med via sor.status.',
    args: FileRef,
    result: z.object({ jobId: z.string() }),
  },
  'sor.status': {
    summary: 'Hvor langt læsningen af SOR-filen er, og når den er læst: institutionsejerne (kommunerne først).',
    args: z.object({ jobId: z.string().uuid() }).strict(),
    result: z.object({
      state: z.enum(['laeser', 'klar', 'fejl']),
      done: z.number(),
      total: z.number(),
      message: z.string().nullable(),
      snapshotDate: z.string().nullable(),
      owners: z.array(z.object({ sorId: z.string(), name: z.string(), kommunekode: z.string().nullable(), kommune: z.boolean() })),
    }),
  },
  'sor.check': {
    summary:
      'Kontrollerer én ejers (kommunes) enheder: fund med vejledningens handling, træet med grøn/rød, Plejeoverblikket-visning, og hvad der er nyt eller rettet siden sidst.',
    args: z.object({ jobId: z.string().uuid(), owner: z.string().regex(/^\d+$/), date: IsoDay.nullable().default(null) }).strict(),
    result: z.object({
      result: SorCheckResult,
      tree: SorTreeNodeSchema,
      newSinceLast: z.array(z.string()),
      fixedSinceLast: z.array(z.object({ rule: z.string(), sorId: z.string(), name: z.string() })),
      previousAt: z.string().nullable(),
    }),
  },
  'sor.findingsList': {
    summary:
      'Gemmer fundene fra den seneste kontrol af ejeren (kommunen) med listens filter og sortering som Excel-projektmappe (.xlsx) eller CSV til Excel. Null, hvis brugeren fortryder.',
    args: z
      .object({
        owner: z.string().regex(/^\d+$/),
        severity: z.enum(Object.keys(SEVERITY_FILTERS) as [SeverityFilter, ...SeverityFilter[]]).default('alle'),
        sort: sortArg(SOR_FINDING_SORTS),
        format: z.enum(TABLE_FORMATS),
      })
      .strict(),
    result: ListExport,
  },
  'sor.types.get': { summary: 'Hvilke SOR-typekoder der betyder hvilken rolle.', args: z.object({}).strict(), result: SorTypes },
  'sor.types.set': { summary: 'Gemmer koblingen fra typekoder til roller.', args: SorTypes, result: SorTypes },
  'sor.types.fromClassification': {
    summary: 'Foreslår koblingen ud fra SORs klassifikationsliste (kode og navn).',
    args: FileRef,
    result: z.object({ types: SorTypes, matched: z.array(z.object({ role: z.string(), code: z.string(), name: z.string() })) }),
  },
} as const;
