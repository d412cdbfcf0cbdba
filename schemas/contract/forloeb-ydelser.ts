// Forløb and ydelser: registering, correcting, deleting and restoring, with their history.

import { z } from 'zod';
import { HistoryEntry } from '../places.ts';
import { Forloeb, ForloebInput, GgopInput, ReplacedGgop, SEVEN_DAY_FILTERS, Ydelse, YdelseCreate, YdelseUpdate } from '../forloeb-ydelser.ts';
import { TABLE_FORMATS } from '../files.ts';
import { FORLOEB_SORTS, FORLOEB_STATUS_FILTERS, YDELSE_SORTS } from '../list-sort.ts';
import { BasedOn, Id, IsoDay, ListExport, sortArg } from './shapes.ts';

/** The ydelser list's filters: the list's page and its export to Excel share them. */
const YdelseFilter = z.object({
  search: z.string().max(100).default(''),
  placeId: Id.nullable().default(null),
  code: z.string().max(12).default(''),
  forloebId: Id.nullable().default(null),
  onlyNotReportable: z.boolean().default(false),
  from: IsoDay.nullable().default(null),
  to: IsoDay.nullable().default(null),
  sort: sortArg(YDELSE_SORTS),
});

/** The forløb list's filters: its page and its export share them. */
const ForloebFilter = z.object({
  search: z.string().max(100).default(''),
  status: z.enum(FORLOEB_STATUS_FILTERS).default('aktiv'),
  sevenDay: z.enum(SEVEN_DAY_FILTERS).default('alle'),
  /** Discharged from, to (each optional). */
  from: IsoDay.nullable().default(null),
  to: IsoDay.nullable().default(null),
  sort: sortArg(FORLOEB_SORTS),
});

export const forloebYdelserCalls = {
  'forloeb.list': {
    summary:
      'Forløb, senest udskrevne først eller efter en kolonne; udskrevet i en periode; søg på CPR-nummer (10 cifre eller fødselsdato) eller navn; kan vise kun dem tæt på eller over 7-dagesfristen uden første ydelse (frist), eller dem, hvor første ydelse kom efter fristen (brudt).',
    args: ForloebFilter.extend({
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }).strict(),
    result: z.object({ rows: z.array(Forloeb), total: z.number() }),
  },
  'forloeb.exportList': {
    summary:
      'Gemmer alle forløb med listens filtre og sortering (ikke kun den viste side) som Excel-projektmappe (.xlsx) eller CSV til Excel. Null, hvis brugeren fortryder.',
    args: ForloebFilter.extend({ format: z.enum(TABLE_FORMATS) }).strict(),
    result: ListExport,
  },
  'forloeb.get': { summary: 'Ét forløb med 7-dagesfristens stand.', args: z.object({ id: Id }).strict(), result: Forloeb },
  'forloeb.create': { summary: 'Opretter et forløb.', args: z.object({ forloeb: ForloebInput }).strict(), result: Forloeb },
  'forloeb.update': {
    summary: 'Retter et forløb (også afslutning med dato og årsag).',
    args: z.object({ id: Id, forloeb: ForloebInput, basedOn: BasedOn }).strict(),
    result: Forloeb,
  },
  'forloeb.replaceGgop': {
    summary: 'Registrerer en ny genoptræningsplan (GGOP) fra sygehuset, der erstatter forløbets gældende; den gældende gemmes som erstattet (til KL Gateway).',
    args: z.object({ id: Id, ggop: GgopInput, basedOn: BasedOn }).strict(),
    result: Forloeb,
  },
  'forloeb.replacedGgops': {
    summary: 'De genoptræningsplaner, et forløb havde, før de blev erstattet, ældste først.',
    args: z.object({ id: Id }).strict(),
    result: z.array(ReplacedGgop),
  },
  'forloeb.history': { summary: 'Ændringer på et forløb, nyeste først.', args: z.object({ id: Id }).strict(), result: z.array(HistoryEntry) },
  'ydelser.list': {
    summary:
      'En side ydelser, nyeste først, med om hver kan indberettes og hvorfor ikke; søg på CPR-nummer eller ydelseskode; filtrér på sted, kode, forløb, periode og dem, der ikke kan indberettes.',
    args: YdelseFilter.extend({
      after: z
        .object({ dato: IsoDay, id: Id, key: z.string().max(20).optional() })
        .strict()
        .nullable()
        .default(null),
      limit: z.number().int().min(1).max(500).default(100),
    }).strict(),
    result: z.object({
      rows: z.array(Ydelse),
      next: z.object({ dato: z.string(), id: z.number(), key: z.string().optional() }).nullable(),
      total: z.number(),
      totalIsLowerBound: z.boolean(),
    }),
  },
  'ydelser.exportList': {
    summary:
      'Gemmer alle ydelser med listens filtre (ikke kun den viste side), nyeste først, som Excel-projektmappe (.xlsx) eller CSV til Excel. Null, hvis brugeren fortryder.',
    args: YdelseFilter.extend({ format: z.enum(TABLE_FORMATS) }).strict(),
    result: ListExport,
  },
  'ydelser.create': {
    summary: 'Opretter en ydelse for hver af datoerne (en serie i ét hug) på et forløb.',
    args: YdelseCreate.strict(),
    result: z.array(Ydelse),
  },
  'ydelser.get': { summary: 'Én ydelse med dens fejl og advarsler.', args: z.object({ id: Id }).strict(), result: Ydelse },
  'ydelser.update': { summary: 'Retter en ydelse.', args: z.object({ id: Id, ydelse: YdelseUpdate, basedOn: BasedOn }).strict(), result: Ydelse },
  'ydelser.delete': {
    summary: 'Sletter en ydelse (den gemmes som slettet, så en indberetning kan annulleres).',
    args: z.object({ id: Id }).strict(),
    result: z.object({ deleted: z.literal(true) }),
  },
  'ydelser.deleted': {
    summary: 'De slettede ydelser, senest slettet først, og om hver kan gendannes (indtil måneden er eksporteret efter sletningen).',
    args: z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict(),
    result: z.array(
      z.object({
        id: z.number(),
        cpr: z.string(),
        dato: z.string(),
        ydelseskode: z.string(),
        placeName: z.string().nullable(),
        deletedAt: z.string(),
        restorable: z.boolean(),
        why: z.string().nullable(),
      }),
    ),
  },
  'ydelser.restore': { summary: 'Gendanner en slettet ydelse (fortryd sletning).', args: z.object({ id: Id }).strict(), result: Ydelse },
  'ydelser.history': { summary: 'Ændringer på en ydelse, nyeste først.', args: z.object({ id: Id }).strict(), result: z.array(HistoryEntry) },
} as const;
