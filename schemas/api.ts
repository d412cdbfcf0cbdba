// The one API contract between the window and the rest. Every call the window can make is named here with the
// schema of its argument and of its result. The same handlers serve Electron IPC and the loopback HTTP bridge; the
// argument is validated against this contract where it arrives (see electron/api/dispatch.ts).

import { z } from 'zod';
import { HistoryEntry, Place, PlaceInput } from './places.ts';
import { Forloeb, ForloebInput, SEVEN_DAY_FILTERS, Ydelse, YdelseCreate, YdelseUpdate } from './activities.ts';
import { checkKommunekode, isEmail } from './codes.ts';
import { SorCheckResult, type ReportFinding } from './sor-report.ts';
import { MONTH_STATES } from './deadlines.ts';
import { ChosenFile, FileRef, OpenPurposeSchema, SaveArgs } from './files.ts';

z.config(z.locales.da());

const Id = z.number({ message: 'Id skal være et tal.' }).int().positive();
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datoen skal skrives ÅÅÅÅ-MM-DD.');

export const SksListInfo = z.object({ fileName: z.string(), loadedAt: z.string(), actor: z.string(), count: z.number() });
export const SksEntry = z.object({ code: z.string(), text: z.string(), validFrom: z.string(), validTo: z.string().nullable() });
export const ImportIssue = z.object({ line: z.number(), column: z.string(), message: z.string() });
export const ImportPreview = z.object({
  fileName: z.string(),
  encoding: z.string(),
  separator: z.string(),
  columns: z.array(z.string()),
  totalRows: z.number(),
  validRows: z.number(),
  badRows: z.number(),
  duplicates: z.number(),
  errorCount: z.number(),
  errors: z.array(ImportIssue),
  warningCount: z.number(),
  warnings: z.array(ImportIssue),
  newPlaces: z.array(z.object({ type: z.string(), value: z.string() })),
});
export const ImportResultSummary = z.object({
  imported: z.number(),
  rejected: z.number(),
  duplicates: z.number(),
  warnings: z.number(),
  placesCreated: z.number(),
  forloebCreated: z.number(),
  refused: z.boolean(),
  rejectCsv: z.string().nullable(),
});
export const ImportStatus = z.object({
  state: z.enum(['analyserer', 'klar', 'skriver', 'faerdig', 'fejl']),
  done: z.number(),
  total: z.number(),
  message: z.string().nullable(),
  preview: ImportPreview.nullable(),
  result: ImportResultSummary.nullable(),
});
export type ImportStatus = z.infer<typeof ImportStatus>;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Måneden skal skrives ÅÅÅÅ-MM, fx 2026-11.');
export const MonthStatus = z.object({
  month: z.string(),
  state: z.enum(MONTH_STATES),
  label: z.string(),
  deadline: z.string(),
  daysLeft: z.number(),
  message: z.string(),
  total: z.number(),
  blocked: z.number(),
  blockers: z.array(z.string()),
  lastExport: z.object({ id: z.number(), at: z.string(), actor: z.string(), fileName: z.string(), records: z.number(), sha256: z.string() }).nullable(),
  submittedAt: z.string().nullable(),
});
export type MonthStatus = z.infer<typeof MonthStatus>;
export const Chart = z.object({
  months: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), placeId: z.number().nullable(), counts: z.array(z.number()) })),
});
export type Chart = z.infer<typeof Chart>;
const ActionCounts = z.object({ ny: z.number(), rettelse: z.number(), annullering: z.number() });
export const ExportReport = z.object({
  month: z.string(),
  counts: ActionCounts,
  unchanged: z.number(),
  pendingCount: z.number(),
  pending: z.array(z.object({ ydelseId: z.number(), cpr: z.string(), dato: z.string(), message: z.string(), placeId: z.number().nullable() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), count: z.number() })),
});
export type ExportReport = z.infer<typeof ExportReport>;
export const ExportInfo = z.object({
  id: z.number(),
  month: z.string(),
  at: z.string(),
  actor: z.string(),
  fileName: z.string(),
  records: z.number(),
  newCount: z.number(),
  corrections: z.number(),
  cancellations: z.number(),
  pending: z.number(),
  sha256: z.string(),
  hasFile: z.boolean(),
});
export type ExportInfo = z.infer<typeof ExportInfo>;
const SeiImportKind = z.enum(['ny', 'rettelse', 'annullering', 'uaendret', 'konflikt']);
export const SeiImportPreview = z.object({
  previewId: z.string(),
  fileName: z.string(),
  month: z.string(),
  created: z.string(),
  counts: z.record(SeiImportKind, z.number()),
  /** The records that would change something, conflicts first (at most 1,000 shown). */
  records: z.array(
    z.object({
      uid: z.string(),
      line: z.number(),
      cpr: z.string(),
      dato: z.string(),
      kind: SeiImportKind,
      fileAction: z.enum(['rettelse', 'annullering', 'gendan']).nullable(),
      changes: z.array(z.object({ field: z.string(), local: z.string(), file: z.string() })),
      reason: z.string().nullable(),
    }),
  ),
  recordsTotal: z.number(),
});
export type SeiImportPreview = z.infer<typeof SeiImportPreview>;
/**
 * A file the program made, handed to the user: in the desktop written where the save dialog said (savedTo), in
 * browser mode its text for the browser to download (xml).
 */
const Delivered = z.object({ savedTo: z.string().nullable(), xml: z.string().nullable() });
const SorFieldsSchema = z
  .object({
    kind: z.enum(['ny', 'aendring']),
    existingSorCode: z.string().max(30),
    changes: z.string().max(4000),
    institutionName: z.string().max(200),
    street: z.string().max(200),
    postalCode: z.string().max(10),
    city: z.string().max(100),
    phone: z.string().max(30),
    fax: z.string().max(30),
    email: z.string().max(200),
    web: z.string().max(300),
    institutionType: z.enum(['plejehjem', 'genoptraeningscenter', 'sundhedscenter', 'fysioterapiklinik', '']),
    owner: z.enum(['kommunal', 'privat_med_aftale', '']),
    agreementWithKommune: z.boolean(),
    ydernummer: z.string().max(20),
    kommunekode: z.string().max(10),
    contactName: z.string().max(200),
    contactEmail: z.string().max(200),
    contactPhone: z.string().max(30),
  })
  .strict();
export const SorRequest = z.object({
  id: z.number(),
  placeId: z.number(),
  placeName: z.string(),
  kind: z.enum(['ny', 'aendring']),
  fields: SorFieldsSchema,
  state: z.enum(['kladde', 'sendt', 'kode_modtaget']),
  sentDate: z.string().nullable(),
  receivedCode: z.string().nullable(),
  receivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SorRequest = z.infer<typeof SorRequest>;
const SorProblems = z.array(z.object({ field: z.string(), message: z.string() }));
export const SorEmailResult = z.object({
  problems: SorProblems,
  email: z.object({ to: z.string(), subject: z.string(), body: z.string() }).nullable(),
  mailto: z.string().nullable(),
  mailtoTooLong: z.boolean(),
  eml: z.string().nullable(),
  fileName: z.string().nullable(),
  text: z.string().nullable(),
});
export type SorEmailResult = z.infer<typeof SorEmailResult>;
export type SorFinding = ReportFinding;
export interface SorTreeNode {
  sorId: string;
  name: string;
  level: string;
  type: string;
  role: string | null;
  active: boolean;
  state: 'ind' | 'ikke-ind' | null;
  visiting: string | null;
  visitingFrom: string | null;
  postal: string | null;
  postalFrom: string | null;
  contact: { email: string | null; website: string | null; phone: string | null; inheritedFrom: string[] };
  children: SorTreeNode[];
}
const SorTreeNodeSchema: z.ZodType<SorTreeNode> = z.lazy(() =>
  z.object({
    sorId: z.string(),
    name: z.string(),
    level: z.string(),
    type: z.string(),
    role: z.string().nullable(),
    active: z.boolean(),
    state: z.enum(['ind', 'ikke-ind']).nullable(),
    visiting: z.string().nullable(),
    visitingFrom: z.string().nullable(),
    postal: z.string().nullable(),
    postalFrom: z.string().nullable(),
    contact: z.object({ email: z.string().nullable(), website: z.string().nullable(), phone: z.string().nullable(), inheritedFrom: z.array(z.string()) }),
    children: z.array(SorTreeNodeSchema),
  }),
);
const SorTypes = z
  .object({
    plejehjem: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    permanentPlejebolig: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    midlertidigPlejebolig: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    helhedsplejeleverandoer: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    helhedsplejeleverandoersted: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    hjemmepleje: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
  })
  .strict();
const Settings = z.object({ kommunekode: z.string(), reporterName: z.string(), reporterEmail: z.string() });
export type ImportPreview = z.infer<typeof ImportPreview>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  user: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

const BackupInfo = z.object({
  file: z.string(),
  at: z.string(),
  bytes: z.number(),
  schemaVersion: z.number(),
  places: z.number(),
  forloeb: z.number(),
  ydelser: z.number(),
  lastExport: z.object({ month: z.string(), at: z.string() }).nullable(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const contract = {
  'app.info': {
    summary: 'Programmets version, databasens placering og skemaversion.',
    args: z.object({}).strict(),
    result: AppInfo,
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
  'places.list': {
    summary: 'Steder, sorteret alfabetisk; søgning i navn, adresse, by og kode uden forskel på store og små bogstaver.',
    args: z
      .object({
        search: z.string().max(200).default(''),
        includeInactive: z.boolean().default(false),
      })
      .strict(),
    result: z.array(Place),
  },
  'places.get': {
    summary: 'Ét sted med alle dets oplysninger.',
    args: z.object({ id: Id }).strict(),
    result: Place,
  },
  'places.create': {
    summary: 'Opretter et sted.',
    args: z.object({ place: PlaceInput }).strict(),
    result: Place,
  },
  'places.update': {
    summary: 'Retter et sted.',
    args: z.object({ id: Id, place: PlaceInput }).strict(),
    result: Place,
  },
  'places.setActive': {
    summary: 'Deaktiverer eller genaktiverer et sted. Steder slettes aldrig, så historikken bevares.',
    args: z.object({ id: Id, active: z.boolean() }).strict(),
    result: Place,
  },
  'places.history': {
    summary: 'Hvem der har ændret hvad og hvornår på et sted, nyeste først.',
    args: z.object({ id: Id }).strict(),
    result: z.array(HistoryEntry),
  },
  'forloeb.list': {
    summary:
      'Forløb, nyeste først; søg på CPR-nummer (10 cifre eller fødselsdato) eller navn; kan vise kun dem tæt på eller over 7-dagesfristen uden første ydelse (frist), eller dem, hvor første ydelse kom efter fristen (brudt).',
    args: z
      .object({
        search: z.string().max(100).default(''),
        status: z.enum(['aktiv', 'afsluttet', 'alle']).default('aktiv'),
        sevenDay: z.enum(SEVEN_DAY_FILTERS).default('alle'),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    result: z.object({ rows: z.array(Forloeb), total: z.number() }),
  },
  'forloeb.get': { summary: 'Ét forløb med 7-dagesfristens stand.', args: z.object({ id: Id }).strict(), result: Forloeb },
  'forloeb.create': { summary: 'Opretter et forløb.', args: z.object({ forloeb: ForloebInput }).strict(), result: Forloeb },
  'forloeb.update': {
    summary: 'Retter et forløb (også afslutning med dato og årsag).',
    args: z.object({ id: Id, forloeb: ForloebInput }).strict(),
    result: Forloeb,
  },
  'forloeb.history': { summary: 'Ændringer på et forløb, nyeste først.', args: z.object({ id: Id }).strict(), result: z.array(HistoryEntry) },
  'ydelser.list': {
    summary: 'En side ydelser, nyeste først, med om hver kan indberettes og hvorfor ikke; søg på CPR-nummer eller ydelseskode.',
    args: z
      .object({
        search: z.string().max(100).default(''),
        placeId: Id.nullable().default(null),
        code: z.string().max(12).default(''),
        forloebId: Id.nullable().default(null),
        onlyNotReportable: z.boolean().default(false),
        after: z.object({ dato: IsoDay, id: Id }).nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    result: z.object({
      rows: z.array(Ydelse),
      next: z.object({ dato: z.string(), id: z.number() }).nullable(),
      total: z.number(),
      totalIsLowerBound: z.boolean(),
    }),
  },
  'ydelser.create': {
    summary: 'Opretter en ydelse for hver af datoerne (en serie i ét hug) på et forløb.',
    args: YdelseCreate.strict(),
    result: z.array(Ydelse),
  },
  'ydelser.get': { summary: 'Én ydelse med dens fejl og advarsler.', args: z.object({ id: Id }).strict(), result: Ydelse },
  'ydelser.update': { summary: 'Retter en ydelse.', args: z.object({ id: Id, ydelse: YdelseUpdate }).strict(), result: Ydelse },
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
  'months.overview': {
    summary: 'Startsidens oversigt: hver måneds tilstand og frist, hvad der blokerer, og ydelser pr. måned og sted.',
    args: z.object({}).strict(),
    result: z.object({ today: z.string(), months: z.array(MonthStatus), chart: Chart }),
  },
  'sei.plan': {
    summary: 'Valideringsrapporten for næste eksport af en måned: hvad der sendes, hvad der venter og hvorfor, og advarsler.',
    args: z.object({ month: Month }).strict(),
    result: ExportReport,
  },
  'sei.export': {
    summary:
      'Danner månedens SEI-fil (ny, rettelse, annullering). Skrivebordsprogrammet spørger først, hvor filen skal gemmes, skriver den helt og registrerer først derefter eksporten (hvornår, hvem, antal, SHA-256, filen selv). Null, hvis brugeren fortryder: så er intet eksporteret.',
    args: z.object({ month: Month }).strict(),
    result: z
      .object({
        exportId: z.number(),
        fileName: z.string(),
        sha256: z.string(),
        records: z.number(),
        counts: ActionCounts,
        pending: z.number(),
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
    summary: 'De gemte eksporter, nyeste først, evt. for én måned.',
    args: z.object({ month: Month.nullable().default(null) }).strict(),
    result: z.array(ExportInfo),
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
  'sor.types.get': { summary: 'Hvilke SOR-typekoder der betyder hvilken rolle.', args: z.object({}).strict(), result: SorTypes },
  'sor.types.set': { summary: 'Gemmer koblingen fra typekoder til roller.', args: SorTypes, result: SorTypes },
  'sor.types.fromClassification': {
    summary: 'Foreslår koblingen ud fra SORs klassifikationsliste (kode og navn).',
    args: FileRef,
    result: z.object({ types: SorTypes, matched: z.array(z.object({ role: z.string(), code: z.string(), name: z.string() })) }),
  },
  'backup.status': {
    summary: 'Sikkerhedskopierne: mappen, de automatiske kopier (én om dagen ved start) og hvor mange der gemmes.',
    args: z.object({}).strict(),
    result: z.object({ folder: z.string(), keep: z.number(), automatic: z.array(z.object({ file: z.string(), at: z.string(), bytes: z.number() })) }),
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

export type Contract = typeof contract;
export type CallName = keyof Contract;
export const CALL_NAMES = Object.keys(contract) as CallName[];

/** What the caller passes: fields with defaults may be left out. */
export type CallArgs<K extends CallName> = z.input<Contract[K]['args']>;
/** What the handler receives: validated, defaults filled in, values normalised. */
export type ParsedArgs<K extends CallName> = z.output<Contract[K]['args']>;
export type CallResult<K extends CallName> = z.output<Contract[K]['result']>;

/** The whole backend: one function per call of the contract. */
export type Handlers = { [K in CallName]: (args: ParsedArgs<K>) => CallResult<K> | Promise<CallResult<K>> };

/** A problem with one field, named by its path in the argument ("place.code.value"). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** What every call answers, over IPC and HTTP alike. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: { message: string; fields: FieldProblem[] } };

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The IPC channel of a call. */
export function channelOf(name: CallName): string {
  return `api:${name}`;
}
