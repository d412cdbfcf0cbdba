// A list as the office reads it: an Excel workbook (.xlsx) or a CSV file that Danish Excel opens as it is. One column
// definition per list gives the headers, the types and the widths of both.
//
// The workbook is written with exceljs' streaming writer (MIT, loaded when a workbook is first written; rows go to the file as they are made, so a million rows
// hold one page in memory): a bold, frozen header row with a filter, real Excel dates (shown dd-mm-åååå), numbers as
// numbers, text as text (a CPR number keeps its leading zero). CSV: UTF-8 with a byte-order mark (Danish Excel reads
// æ, ø and å right only then), `;` between fields, CRLF, dates dd-mm-åååå (as the CSV import reads them).

import type fs from 'node:fs';
import type { TableFormat } from '../../../schemas/files.ts';
import { writeFileAtomicStream } from '../atomic-file.ts';

/** 'date': a day (ÅÅÅÅ-MM-DD); 'datetime': a moment (ISO 8601), shown in the computer's local time. */
export type CellKind = 'text' | 'number' | 'date' | 'datetime';

export interface Column<T> {
  header: string;
  kind: CellKind;
  /** In characters, as Excel counts its column width. */
  width: number;
  /** A date as ÅÅÅÅ-MM-DD; null: an empty cell. */
  value: (row: T) => string | number | null;
}

const excelDate = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
const csvDate = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
/** A moment as Excel shows it: its local wall-clock time (Excel has no time zones). */
const excelDateTime = (iso: string) => {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()));
};
const csvDateTime = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}-${p(d.getMonth() + 1)}-${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
};
const CELL_FORMATS: Partial<Record<CellKind, string>> = { date: 'dd-mm-yyyy', datetime: 'dd-mm-yyyy hh:mm' };

/** One CSV field: quoted when it holds the separator, a quote or a line break (or starts with one of =+-@, which Excel would take for a formula). */
function csvField(v: string | number | null, kind: CellKind): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  const s = kind === 'date' ? csvDate(v) : kind === 'datetime' ? csvDateTime(v) : v;
  const formula = /^[=+\-@\t\r]/.test(s) && kind === 'text';
  const text = formula ? `'${s}` : s;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of the rows, header first, a line at a time (each ending in CRLF; the byte-order mark before the header). */
export function* csvLines<T>(columns: readonly Column<T>[], rows: Iterable<T>, header = true): Generator<string> {
  if (header) yield `\uFEFF${columns.map((c) => csvField(c.header, 'text')).join(';')}\r\n`;
  for (const row of rows) yield `${columns.map((c) => csvField(c.value(row), c.kind)).join(';')}\r\n`;
}

/** Lets the file's stream drain every so many rows: a million rows are never all in memory at once. */
async function drained(out: fs.WriteStream): Promise<void> {
  if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  else await new Promise<void>((resolve) => setImmediate(() => resolve()));
}

/**
 * Waits while the workbook's compression lags behind the rows: exceljs writes a sheet's rows into the zip's entry
 * stream without waiting for it (its own buffer, `stream.pipes`), so a million rows would wait there in memory (some
 * 900 MB measured). Where that stream is not found (another version of exceljs), the file's own drain is waited for.
 */
async function zipped(sheet: unknown, out: fs.WriteStream): Promise<void> {
  const pipes = (sheet as { stream?: { pipes?: unknown } }).stream?.pipes;
  // a PassThrough of the readable-stream package: what waits in it is its two states' lengths
  type State = { length?: number };
  const entry = Array.isArray(pipes) ? (pipes[0] as { _writableState?: State; _readableState?: State } | undefined) : undefined;
  const waiting = () => (entry?._writableState?.length ?? 0) + (entry?._readableState?.length ?? 0);
  while (waiting() > 1 << 20) await new Promise<void>((resolve) => setTimeout(resolve, 1));
  await drained(out);
}

/** Writes the rows to `target` (whole or not at all, readable by its owner only); answers how many rows. */
export async function writeTable<T>(target: string, format: TableFormat, sheetName: string, columns: readonly Column<T>[], rows: Iterable<T>): Promise<number> {
  let n = 0;
  await writeFileAtomicStream(target, async (out) => {
    if (format === 'csv') {
      let chunk = '';
      for (const line of csvLines(columns, rows)) {
        chunk += line;
        if (++n % 2000 === 0) {
          out.write(chunk);
          chunk = '';
          await drained(out);
        }
      }
      out.end(chunk);
      n--; // the header
      return;
    }
    // loaded here, on first use: with its ~700 modules, loading it at start took every command ~0.3 s
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    book.creator = 'SEI Genoptræning';
    const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c, i) => ({ key: String(i), width: c.width }));
    // one style object per column, shared by its cells: exceljs remembers a style by its object, and makes a new one
    // for each cell otherwise (a fifth of the time of a million rows)
    const styles = columns.map((c) => (CELL_FORMATS[c.kind] ? { numFmt: CELL_FORMATS[c.kind] } : {}));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    for (const row of rows) {
      const added = sheet.addRow(
        columns.map((c) => {
          const v = c.value(row);
          return v === null ? null : c.kind === 'date' ? excelDate(String(v)) : c.kind === 'datetime' ? excelDateTime(String(v)) : v;
        }),
      );
      added.eachCell((cell, col) => {
        cell.style = styles[col - 1]!;
      });
      added.commit();
      if (++n % 2000 === 0) await zipped(sheet, out);
    }
    sheet.commit();
    await book.commit();
  });
  return n;
}
