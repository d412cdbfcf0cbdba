// The SEI tables and their only writer: the exports (with their files), what was last sent of each month, the months
// marked as submitted, and the months a ydelse moved out of. The services (sei-export, sei-import, months) hold the
// workflows and call these; no SQL on these tables lives anywhere else.

import zlib from 'node:zlib';
import type { ExportInfo } from '../schemas/api.ts';
import { type EXPORT_SORTS, type Sort, type SortValue, sortRows } from '../schemas/list-sort.ts';
import type { DB } from './open.ts';
import { storedDay } from './ydelse-values.ts';
import { dialectOf, runLater } from './dialect.ts';
import type { Packed } from './packed.ts';
import { YDELSE_CHANGED_AT } from './ydelser.ts';

// ---------------------------------------------------------------- sei_export

export interface NewExport {
  month: string;
  at: string;
  actor: string;
  fileName: string;
  kommunekode: string;
  records: number;
  newCount: number;
  corrections: number;
  cancellations: number;
  pending: number;
  sha256: string;
  /** The file itself, kept gzip-compressed. */
  file: Packed;
}

/**
 * The id the next export will have: what was sent (which names it) is written before the export's row, which holds the
 * file (deferSentExportCheck). Within the export's transaction (SQLite's is IMMEDIATE: no other writer takes it).
 */
export function nextExportId(db: DB): number {
  const sql = dialectOf(db) === 'pg' ? "SELECT nextval(pg_get_serial_sequence('sei_export', 'id'))" : 'SELECT coalesce(max(id), 0) + 1 FROM sei_export';
  return Number(db.prepare(sql).pluck().get());
}

/** Lets what was sent name its export before the export is recorded, in this transaction; checked at COMMIT. */
export function deferSentExportCheck(db: DB): void {
  if (dialectOf(db) === 'pg') db.exec('SET CONSTRAINTS sei_sent_month_export_id_fkey DEFERRED');
  else db.pragma('defer_foreign_keys = ON');
}

/**
 * Records an export with the id nextExportId gave, and its file, kept gzip-compressed (an XML file packs to about a
 * tenth). Run without waiting for PostgreSQL (dialect.ts runLater): the file is flushed to disk meanwhile, and COMMIT
 * reads the answer.
 */
export function insertExport(db: DB, id: number, e: NewExport): void {
  runLater(
    db,
    `INSERT INTO sei_export (id, month, at, actor, file_name, kommunekode, records, new_count, corrections, cancellations, pending, sha256, file)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    e.month,
    e.at,
    e.actor,
    e.fileName,
    e.kommunekode,
    e.records,
    e.newCount,
    e.corrections,
    e.cancellations,
    e.pending,
    e.sha256,
    e.file.bytes(),
  );
}

export function exportCount(db: DB, month: string): number {
  return db.prepare('SELECT count(*) FROM sei_export WHERE month = ?').pluck().get(month) as number;
}

export function lastExportId(db: DB, month: string): number | null {
  return db.prepare('SELECT max(id) FROM sei_export WHERE month = ?').pluck().get(month) as number | null;
}

/** A kept export: its name, month, recorded SHA-256 and the file (null: made before files were kept, or not unpackable). */
export function exportFileRow(db: DB, id: number): { fileName: string; month: string; sha256: string; bytes: Buffer | null; damaged: boolean } | null {
  const row = db.prepare('SELECT file_name, month, sha256, file FROM sei_export WHERE id = ?').get(id) as
    | { file_name: string; month: string; sha256: string; file: Buffer | null }
    | undefined;
  if (!row) return null;
  let bytes: Buffer | null = null;
  let damaged = false;
  if (row.file) {
    try {
      bytes = zlib.gunzipSync(row.file);
    } catch {
      damaged = true;
    }
  }
  return { fileName: row.file_name, month: row.month, sha256: row.sha256, bytes, damaged };
}

/** What the export history sorts by (EXPORT_SORTS); a kommune makes a few exports a month: sorted here. */
const EXPORT_ORDER: Record<keyof typeof EXPORT_SORTS, (x: ExportInfo) => SortValue> = {
  dannet: (x) => x.id,
  maaned: (x) => x.month,
  fil: (x) => x.fileName,
  ydelser: (x) => x.records,
  af: (x) => x.actor,
};

/** The exports (at most the 500 newest), of one month or all; newest first, or as `sort` says. */
export function listExportRows(db: DB, month: string | null, sort: Sort<keyof typeof EXPORT_SORTS> | null = null): ExportInfo[] {
  return sortRows(exportRows(db, month), EXPORT_ORDER, sort ?? { by: 'dannet', dir: 'desc' }, (x) => -x.id);
}

function exportRows(db: DB, month: string | null): ExportInfo[] {
  const rows = db
    .prepare(
      `SELECT id, month, at, actor, file_name, records, new_count, corrections, cancellations, pending, sha256, file IS NOT NULL AS has_file FROM sei_export
       ${month ? 'WHERE month = ?' : ''} ORDER BY id DESC LIMIT 500`,
    )
    .all(...(month ? [month] : [])) as {
    id: number;
    month: string;
    at: string;
    actor: string;
    file_name: string;
    records: number;
    new_count: number;
    corrections: number;
    cancellations: number;
    pending: number;
    sha256: string;
    has_file: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    month: r.month,
    at: r.at,
    actor: r.actor,
    fileName: r.file_name,
    records: r.records,
    newCount: r.new_count,
    corrections: r.corrections,
    cancellations: r.cancellations,
    pending: r.pending,
    sha256: r.sha256,
    hasFile: r.has_file === 1,
  }));
}

/** Each month's latest export, with whether (and when) the month was marked as submitted. */
export function latestExportPerMonth(db: DB): {
  month: string;
  id: number;
  at: string;
  actor: string;
  file_name: string;
  records: number;
  sha256: string;
  submitted_at: string | null;
  submitted_export: number | null;
}[] {
  return db
    .prepare(
      `SELECT e.month, e.id, e.at, e.actor, e.file_name, e.records, e.sha256, m.submitted_at, m.export_id AS submitted_export
       FROM sei_export e LEFT JOIN sei_month m ON m.month = e.month
       WHERE e.id = (SELECT max(id) FROM sei_export x WHERE x.month = e.month)`,
    )
    .all() as ReturnType<typeof latestExportPerMonth>;
}

// ---------------------------------------------------------------- sei_month

export function markMonthSubmitted(db: DB, month: string, at: string, actor: string, exportId: number): void {
  db.prepare(
    `INSERT INTO sei_month (month, submitted_at, submitted_by, export_id) VALUES (?, ?, ?, ?)
     ON CONFLICT (month) DO UPDATE SET submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by, export_id = excluded.export_id`,
  ).run(month, at, actor, exportId);
}

/** Whether the month was marked (and now is not). */
export function unmarkMonthSubmitted(db: DB, month: string): boolean {
  return db.prepare('DELETE FROM sei_month WHERE month = ?').run(month).changes > 0;
}

// ---------------------------------------------------------------- sei_sent_month

// The state is kept gzipped (level 1: some 4× smaller, ~25 ms for a month of 100,000 records), which on the shared
// database spares sending 8 MB and the server's own slower compression of it. States written before are plain text
// (its first byte a digit, never gzip's 0x1f): both are read.

function unpackSent(stored: Buffer): Buffer {
  return stored.length >= 2 && stored[0] === 0x1f && stored[1] === 0x8b ? zlib.gunzipSync(stored) : stored;
}

/** What was last sent of a month, as services/sei-sent.ts writes it (null: nothing sent). */
export function loadSentRecords(db: DB, month: string): Buffer | null {
  const stored = db.prepare('SELECT records FROM sei_sent_month WHERE month = ?').pluck().get(month) as Buffer | undefined;
  return stored ? unpackSent(stored) : null;
}

export function saveSentRecords(db: DB, month: string, exportId: number, records: Packed): void {
  // without waiting for PostgreSQL: the export's file is finished meanwhile (dialect.ts runLater)
  runLater(
    db,
    `INSERT INTO sei_sent_month (month, export_id, records) VALUES (?, ?, ?)
     ON CONFLICT (month) DO UPDATE SET export_id = excluded.export_id, records = excluded.records`,
    month,
    exportId,
    records.bytes(),
  );
}

/** When the export that last sent the month was made, and what it sent. */
export function lastSent(db: DB, month: string): { at: string; records: Buffer } | null {
  const row = db.prepare('SELECT e.at, m.records FROM sei_sent_month m JOIN sei_export e ON e.id = m.export_id WHERE m.month = ?').get(month) as
    | { at: string; records: Buffer }
    | undefined;
  return row ? { at: row.at, records: unpackSent(row.records) } : null;
}

// ---------------------------------------------------------------- ydelse_moved (written by a trigger)

/**
 * Whether anything of a month may have changed since `since` (a cheap test; the export's plan decides): a ydelse of
 * the month edited, a ydelse moved out of it, or a place of its ydelser changed.
 */
export function monthMaybeChanged(db: DB): (first: string, last: string, month: string, since: string) => boolean {
  const q = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM ydelse y WHERE y.dato >= ? AND y.dato <= ? AND ${YDELSE_CHANGED_AT} > ?)
           OR EXISTS (SELECT 1 FROM ydelse_moved WHERE month = ? AND at > ?)
           OR EXISTS (SELECT 1 FROM ydelse y JOIN place p ON p.id = y.place_id
                      WHERE y.dato >= ? AND y.dato <= ? AND y.deleted_at IS NULL AND p.updated_at > ?)`,
    )
    .pluck();
  return (first, last, month, since) => {
    const [from, to] = [storedDay(db, first), storedDay(db, last)];
    return q.get(from, to, since, month, since, from, to, since) === 1;
  };
}
