// Another program (another user's window, a backup tool, the command line) may hold the database's write lock for a
// while. The user is told so in Danish, never shown SQLite's error.

import { UserError } from '../schemas/errors.ts';
import { dialectOf } from './dialect.ts';
import type { DB } from './open.ts';

export const BUSY_MESSAGE =
  'Databasen er i brug af et andet program (fx SEI Genoptræning i et andet vindue eller en kørsel på kommandolinjen). Vent lidt, og prøv igen. Intet er gemt.';

/** SQLITE_BUSY and SQLITE_LOCKED (and their extended codes): the lock is held elsewhere; trying again may work. */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

export function busyError(): UserError {
  return new UserError(BUSY_MESSAGE);
}

/**
 * What the database holds, as a stamp that changes whenever anything is committed: by another connection (SQLite's
 * data_version) or by this one (total_changes). A plan made under one stamp still holds while the stamp is the same.
 */
export function dataStamp(db: DB): string {
  // PostgreSQL: the next transaction id of the server, which moves whenever anyone writes (and sometimes when no one
  // wrote here: the plan is then only made again)
  if (dialectOf(db) === 'pg') return String(db.prepare('SELECT pg_snapshot_xmax(pg_current_snapshot())::text').pluck().get());
  return `${db.pragma('data_version', { simple: true })}:${db.prepare('SELECT total_changes()').pluck().get()}`;
}

/**
 * Something read from the database before a dialog (a month's plan, what a file's records already are, every forløb
 * and ydelse), with the stamp of the database it was read from.
 */
export interface ReadBefore<T> {
  value: T;
  stamp: string;
}

/** Reads `read()` with the database's stamp, taken first (a write in between is then taken as one after). */
export function readBefore<T>(db: DB, read: () => T): ReadBefore<T> {
  const stamp = dataStamp(db);
  return { stamp, value: read() };
}

/**
 * What was read before, when nothing has been committed since; else undefined, and it must be read again. Asked
 * inside the transaction that uses it, which no one else can write in until it ends.
 */
export function unchangedSince<T>(db: DB, before: ReadBefore<T> | undefined): T | undefined {
  return before && before.stamp === dataStamp(db) ? before.value : undefined;
}
