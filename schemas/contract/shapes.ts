// The shapes the contract's calls take and give (zod): records, previews, results. The calls themselves are declared
// per domain beside this file and composed into one contract in schemas/api.ts.

import { z } from 'zod';
import { MONTH_STATES } from '../deadlines.ts';
import { SORT_DIRECTIONS, type SortKeys, sortKeysOf } from '../list-sort.ts';

z.config(z.locales.da());

export const Id = z.number({ message: 'Id skal være et tal.' }).int().positive();

/** The updatedAt of a record as the user saw it when she began to edit it: a save is refused if it has changed since. */
export const BasedOn = z.string({ message: 'Angiv, hvilken udgave rettelsen bygger på (updatedAt).' }).min(1).max(40);
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datoen skal skrives ÅÅÅÅ-MM-DD.');

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

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Måneden skal skrives ÅÅÅÅ-MM, fx 2026-11.');
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
export const ActionCounts = z.object({ ny: z.number(), rettelse: z.number(), annullering: z.number() });
export const ExportReport = z.object({
  month: z.string(),
  counts: ActionCounts,
  unchanged: z.number(),
  pendingCount: z.number(),
  pending: z.array(z.object({ ydelseId: z.number(), cpr: z.string(), dato: z.string(), message: z.string(), placeId: z.number().nullable() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), count: z.number() })),
  /** Per place: what goes (new, corrected, cancelled) and what waits; the ydelser without a place as "Uden sted". */
  places: z.array(
    z.object({ name: z.string(), code: z.string().nullable(), ny: z.number(), rettelse: z.number(), annullering: z.number(), pending: z.number() }),
  ),
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
export const SeiImportKind = z.enum(['ny', 'rettelse', 'annullering', 'uaendret', 'konflikt']);
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
/** A file the backend made: where the desktop saved it (null: cancelled, or browser mode), or its text for the browser to download. */
export const Delivered = z.object({ savedTo: z.string().nullable(), text: z.string().nullable() });

/** What a list's export answers: the file (or the browser's download), how many rows; null when the user cancels. */
export const ListExport = z
  .object({
    fileName: z.string(),
    rows: z.number(),
    ...Delivered.shape,
    /** The workbook's bytes in browser mode (base64), where `text` holds a CSV file. */
    base64: z.string().nullable(),
  })
  .nullable();
export const SorFieldsSchema = z
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
export const SorProblems = z.array(z.object({ field: z.string(), message: z.string() }));
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
export const SorTreeNodeSchema: z.ZodType<SorTreeNode> = z.lazy(() =>
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
export const SorTypes = z
  .object({
    plejehjem: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    permanentPlejebolig: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    midlertidigPlejebolig: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    helhedsplejeleverandoer: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    helhedsplejeleverandoersted: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
    hjemmepleje: z.array(z.string().regex(/^\d+$/, 'En typekode er et tal.')),
  })
  .strict();
export const Settings = z.object({ kommunekode: z.string(), reporterName: z.string(), reporterEmail: z.string() });
export type ImportPreview = z.infer<typeof ImportPreview>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser', 'kommandolinje']),
  dbPath: z.string(),
  /** A database file on this computer, or a kommune's shared (PostgreSQL) database; dbPath then its address, without password. */
  store: z.enum(['fil', 'faelles']),
  schemaVersion: z.number().int(),
  /** The OS user, or the database login on a shared database. */
  user: z.string(),
  /** On a shared database, the user's role there (db/pg/roles.ts); on a file, null: everything is allowed. */
  role: z.enum(['administrator', 'terapeut']).nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const BackupInfo = z.object({
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

/** A list's sort as a call argument (schemas/list-sort.ts): null is the list's own order. */
export function sortArg<T extends SortKeys>(keys: T) {
  return z
    .object({ by: z.enum(sortKeysOf(keys)), dir: z.enum(SORT_DIRECTIONS) })
    .strict()
    .nullable()
    .default(null);
}
