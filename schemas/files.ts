// Files between the user and the program: what each kind of file the window asks for is, and which files it may save.
// One definition serves the desktop's file dialogs (filters, titles), the browser's file input (accept), the upload's
// size limit and the contract's argument checks.

import { z } from 'zod';
import { listDa } from './danish.ts';

const MiB = 1024 * 1024;

/** The files the window asks the user to choose, by purpose. */
export const OPEN_PURPOSES = {
  sor: { title: 'Vælg SOR-fil', filter: 'SOR-udtræk (XML)', extensions: ['xml'], maxBytes: 2048 * MiB },
  csv: { title: 'Vælg CSV-fil med ydelser', filter: 'CSV-filer', extensions: ['csv', 'txt'], maxBytes: 300 * MiB },
  sks: { title: 'Vælg SKS-kodeliste', filter: 'SKS-kodelister', extensions: ['csv', 'txt'], maxBytes: 300 * MiB },
  sei: { title: 'Vælg SEI-fil', filter: 'SEI-filer (XML)', extensions: ['xml'], maxBytes: 300 * MiB },
  klassifikation: { title: 'Vælg SORs klassifikationsliste', filter: 'Klassifikationslister (CSV)', extensions: ['csv', 'txt'], maxBytes: 50 * MiB },
  json: { title: 'Vælg JSON-fil', filter: 'JSON-filer', extensions: ['json'], maxBytes: 10 * MiB },
  backup: { title: 'Vælg sikkerhedskopi', filter: 'Sikkerhedskopier (SQLite)', extensions: ['sqlite', 'db'], maxBytes: 8192 * MiB },
} as const satisfies Record<string, { title: string; filter: string; extensions: readonly string[]; maxBytes: number }>;

export type OpenPurpose = keyof typeof OPEN_PURPOSES;
export const OPEN_PURPOSE_NAMES = Object.keys(OPEN_PURPOSES) as [OpenPurpose, ...OpenPurpose[]];
export const OpenPurposeSchema = z.enum(OPEN_PURPOSE_NAMES, { message: 'Ukendt filtype.' });

/** The message when a chosen file is larger than its purpose allows (the window checks first, the backend again). */
export function tooLargeMessage(name: string, size: number, purpose: OpenPurpose): string {
  const max = OPEN_PURPOSES[purpose].maxBytes;
  return `${name} er for stor (${Math.ceil(size / MiB)} MB); højst ${max / MiB} MB.`;
}

/** The browser's `accept` attribute for a purpose. */
export function acceptOf(purpose: OpenPurpose): string {
  return OPEN_PURPOSES[purpose].extensions.map((e) => `.${e}`).join(',');
}

/** The files the window may save, by extension: the save dialog's filter and the download's type. */
export const SAVE_TYPES = {
  xml: { filter: 'XML-filer', mime: 'application/xml;charset=utf-8' },
  eml: { filter: 'E-mails (.eml)', mime: 'message/rfc822' },
  csv: { filter: 'CSV-filer', mime: 'text/csv;charset=utf-8' },
  json: { filter: 'JSON-filer', mime: 'application/json;charset=utf-8' },
  html: { filter: 'Websider (HTML)', mime: 'text/html;charset=utf-8' },
  sqlite: { filter: 'Sikkerhedskopier (SQLite)', mime: 'application/vnd.sqlite3' },
  xlsx: { filter: 'Excel-projektmapper (.xlsx)', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pdf: { filter: 'PDF-dokumenter', mime: 'application/pdf' },
} as const;

/** The formats a list goes to the office in: an Excel workbook, or CSV as Danish Excel reads it. */
export const TABLE_FORMATS = ['xlsx', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export type SaveExtension = keyof typeof SAVE_TYPES;

/** The extension of a file name the window may save, or null. */
export function saveExtensionOf(fileName: string): SaveExtension | null {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext && Object.hasOwn(SAVE_TYPES, ext) ? (ext as SaveExtension) : null;
}

/** The largest text the window hands over to be saved. */
export const MAX_SAVE_CHARS = 512 * MiB;

/** A file the user has chosen: the backend knows where it is; the window knows only its id, name and size. */
export const ChosenFile = z.object({ fileId: z.string().uuid(), fileName: z.string(), size: z.number().int().min(0) });
export type ChosenFile = z.infer<typeof ChosenFile>;

/** The argument of every call that reads a chosen file. */
export const FileRef = z.object({ fileId: z.string().uuid({ message: 'Vælg filen igen.' }) }).strict();

/** Characters a file name given by the window may not hold (a path, or what Windows refuses). */
const UNSAFE_NAME = /[\\/:*?"<>|\0]/;

export const SaveArgs = z
  .object({
    fileName: z
      .string()
      .min(1)
      .max(200)
      .refine(
        (n) => saveExtensionOf(n) !== null && !UNSAFE_NAME.test(n),
        `Filnavnet skal ende på ${listDa(
          Object.keys(SAVE_TYPES).map((e) => `.${e}`),
          'eller',
        )} og må ikke indeholde \\ / : * ? " < > |.`,
      ),
    text: z.string().max(MAX_SAVE_CHARS, 'Filen er for stor til at gemme.'),
  })
  .strict();

/** The largest report page the window hands over to be printed. */
export const MAX_PRINT_CHARS = 64 * MiB;

/** A report page to print, or to save as PDF under a file name ending in .pdf (the desktop renders it). */
export const PrintArgs = z
  .object({
    fileName: z
      .string()
      .min(5)
      .max(200)
      .refine((n) => saveExtensionOf(n) === 'pdf' && !UNSAFE_NAME.test(n), 'Filnavnet skal ende på .pdf og må ikke indeholde \\ / : * ? " < > |.'),
    html: z.string().min(1).max(MAX_PRINT_CHARS, 'Rapporten er for stor til at udskrive.'),
  })
  .strict();
