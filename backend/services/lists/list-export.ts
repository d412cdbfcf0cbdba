// The lists to the office: every row a list's filters give (not only the page shown), in the list's order, as an
// Excel workbook or CSV, written to the file the user chose, or, in browser mode, handed to the window as a download.
// One entry per list: its sheet, its columns, how its rows are read and what its file is called.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listForloeb, type ForloebListOptions } from '../../../db/forloeb.ts';
import { listPlaces, type ListOptions as PlaceListOptions } from '../../../db/places.ts';
import { everyYdelse, type YdelseListOptions } from '../../../db/ydelser.ts';
import type { DB } from '../../../db/open.ts';
import type { Forloeb, Ydelse } from '../../../schemas/forloeb-ydelser.ts';
import type { TableFormat } from '../../../schemas/files.ts';
import type { Place } from '../../../schemas/places.ts';
import { FORLOEB_COLUMNS } from './forloeb-columns.ts';
import { PLACE_COLUMNS } from './place-columns.ts';
import { type Column, writeTable } from './table-export.ts';
import { YDELSE_COLUMNS } from './ydelse-columns.ts';
import { SEVEN_DAY_COLUMNS } from './seven-day-columns.ts';
import { sevenDayOverview } from '../months.ts';
import type { SevenDayMonth } from '../../../schemas/seven-day-figures.ts';
import { listExportRows } from '../../../db/sei.ts';
import { lastSorCheck } from '../../../db/sor.ts';
import type { ExportInfo } from '../../../schemas/api.ts';
import type { EXPORT_SORTS, SeverityFilter, Sort, SOR_FINDING_SORTS } from '../../../schemas/list-sort.ts';
import { type ReportFinding, selectFindings } from '../../../schemas/sor-report.ts';
import { UserError } from '../../../schemas/errors.ts';
import { EXPORT_COLUMNS } from './export-columns.ts';
import { SOR_FINDING_COLUMNS } from './sor-finding-columns.ts';

export interface ListSpec<F, T> {
  /** The sheet's name and the file name's first word. */
  title: string;
  columns: readonly Column<T>[];
  rows: (db: DB, filter: F, today: string) => Iterable<T>;
  /** What the file name says of the filter, after the title (e.g. the period). */
  fileNamePart?: (filter: F) => string;
}

export type YdelseExportFilter = Omit<YdelseListOptions, 'after' | 'limit'>;
export type ForloebExportFilter = Omit<ForloebListOptions, 'limit' | 'offset'>;

/** Every forløb the filter gives, a page at a time. */
function* everyForloeb(db: DB, o: ForloebExportFilter, today: string, pageSize = 2000): Generator<Forloeb> {
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = listForloeb(db, { ...o, limit: pageSize, offset }, today);
    yield* rows;
    if (rows.length < pageSize) return;
  }
}

export const YDELSE_LIST: ListSpec<YdelseExportFilter, Ydelse> = {
  title: 'Ydelser',
  columns: YDELSE_COLUMNS,
  rows: everyYdelse,
  fileNamePart: (o) => (o.from || o.to ? `-${o.from ?? 'start'}-til-${o.to ?? 'nu'}` : ''),
};
export const FORLOEB_LIST: ListSpec<ForloebExportFilter, Forloeb> = {
  title: 'Forløb',
  columns: FORLOEB_COLUMNS,
  rows: everyForloeb,
  fileNamePart: (o) => (o.status === 'alle' ? '' : `-${o.status ?? 'aktiv'}e`),
};
export const PLACE_LIST: ListSpec<PlaceListOptions, Place> = {
  title: 'Steder',
  columns: PLACE_COLUMNS,
  rows: (db, o) => listPlaces(db, o),
};

export const SEVEN_DAY_LIST: ListSpec<{ months: number }, SevenDayMonth> = {
  title: 'Paragraf 140',
  columns: SEVEN_DAY_COLUMNS,
  rows: (db, o, today) => sevenDayOverview(db, today, o.months),
};

export const EXPORT_LIST: ListSpec<{ month: string | null; sort: Sort<keyof typeof EXPORT_SORTS> | null }, ExportInfo> = {
  title: 'Eksporter',
  columns: EXPORT_COLUMNS,
  rows: (db, o) => listExportRows(db, o.month, o.sort),
  fileNamePart: (o) => (o.month ? `-${o.month}` : ''),
};

/** The findings of the owner's last check (the one the window shows), as the window filters and sorts them. */
export const SOR_FINDING_LIST: ListSpec<{ owner: string; severity: SeverityFilter; sort: Sort<keyof typeof SOR_FINDING_SORTS> | null }, ReportFinding> = {
  title: 'SOR-fund',
  columns: SOR_FINDING_COLUMNS,
  rows: (db, o) => {
    const last = lastSorCheck<ReportFinding>(db, o.owner);
    if (!last) throw new UserError('Kommunen er ikke kontrolleret endnu: kør SOR-kontrollen først.');
    return selectFindings(last.findings, o.severity, o.sort);
  },
  fileNamePart: (o) => `-${o.owner}`,
};

/** The file's name: what it holds and when it was made. */
export function listFileName<F, T>(spec: ListSpec<F, T>, format: TableFormat, today: string, filter: F): string {
  return `${spec.title}${spec.fileNamePart?.(filter) ?? ''}-${today}.${format}`;
}

/** Writes the list to `target`; answers how many rows it holds. */
export function writeList<F, T>(spec: ListSpec<F, T>, db: DB, filter: F, format: TableFormat, target: string, today: string): Promise<number> {
  return writeTable(target, format, spec.title, spec.columns, spec.rows(db, filter, today));
}

/** The same, as bytes for a download in browser mode (through a private temporary folder, removed after). */
export async function listBytes<F, T>(spec: ListSpec<F, T>, db: DB, filter: F, format: TableFormat, today: string): Promise<{ rows: number; bytes: Buffer }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-liste-'));
  try {
    const file = path.join(dir, `liste.${format}`);
    const rows = await writeList(spec, db, filter, format, file, today);
    return { rows, bytes: fs.readFileSync(file) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
