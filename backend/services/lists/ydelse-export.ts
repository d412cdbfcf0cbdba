// The ydelser list to the office: every ydelse the list's filters give (not only the page shown), newest first, as an
// Excel workbook or CSV, written to the file the user chose, or, in browser mode, handed to the window as a download.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { everyYdelse, type YdelseListOptions } from '../../../db/ydelser.ts';
import type { DB } from '../../../db/open.ts';
import type { TableFormat } from '../../../schemas/files.ts';
import { writeTable } from './table-export.ts';
import { YDELSE_COLUMNS } from './ydelse-columns.ts';

export type YdelseExportFilter = Omit<YdelseListOptions, 'after' | 'limit'>;

/** The file's name: what it holds and when it was made. */
export function ydelseListFileName(format: TableFormat, today: string, o: YdelseExportFilter): string {
  const period = o.from || o.to ? `-${o.from ?? 'start'}-til-${o.to ?? 'nu'}` : '';
  return `Ydelser${period}-${today}.${format}`;
}

/** Writes the list to `target`; answers how many ydelser it holds. */
export function writeYdelseList(db: DB, o: YdelseExportFilter, format: TableFormat, target: string, today: string): Promise<number> {
  return writeTable(target, format, 'Ydelser', YDELSE_COLUMNS, everyYdelse(db, o, today));
}

/** The same, as bytes for a download in browser mode (through a private temporary folder, removed after). */
export async function ydelseListBytes(db: DB, o: YdelseExportFilter, format: TableFormat, today: string): Promise<{ rows: number; bytes: Buffer }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-liste-'));
  try {
    const file = path.join(dir, `liste.${format}`);
    const rows = await writeYdelseList(db, o, format, file, today);
    return { rows, bytes: fs.readFileSync(file) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
