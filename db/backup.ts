// Backups a user can see and use: a copy of the database made with SQLite's online backup (the program keeps working
// meanwhile) into a temporary file in the target folder, flushed and renamed, readable by its owner only; an automatic
// copy once a day at start-up, keeping the last N; and restoring from a copy, which is checked first (ours, whole, not
// from a newer version), shows what it holds, and keeps the database it replaces as a copy too.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../schemas/errors.ts';
import { APPLICATION_ID, latestVersion, openDatabase, type DB } from './open.ts';
import { createPrivateFile, mkdirPrivate } from './private-files.ts';
import { getMeta, setMeta } from './settings.ts';

const DIR_KEY = 'backup_dir';

/** The folder where the program keeps its copies: the one chosen in the settings, else the one beside the database. */
export function backupDir(dbPath: string, db?: DB): string {
  return (db && getMeta(db, DIR_KEY)) || path.join(path.dirname(path.resolve(dbPath)), 'backups');
}

/**
 * Chooses the backup folder (null: the one beside the database again). The copies hold CPR numbers: the folder must
 * exist, be a folder the program can write in, and not be one every user of the machine can write in (another user
 * could put a file where a copy is expected, or watch the copies come).
 */
export function setBackupDir(db: DB, folder: string | null): string | null {
  const chosen = folder?.trim() || null;
  if (chosen !== null) {
    if (!path.isAbsolute(chosen))
      throw new UserError(`Sikkerhedskopimappen skal angives med hele stien (fx ${process.platform === 'win32' ? 'D:\\Kopier' : '/home/bruger/kopier'}).`);
    let st: fs.Stats;
    try {
      st = fs.statSync(chosen);
    } catch {
      throw new UserError(`Mappen ${chosen} findes ikke. Opret den først, eller vælg en anden.`);
    }
    if (!st.isDirectory()) throw new UserError(`${chosen} er ikke en mappe.`);
    try {
      fs.accessSync(chosen, fs.constants.W_OK);
    } catch {
      throw new UserError(`Programmet må ikke skrive i mappen ${chosen}. Vælg en mappe, du selv kan skrive i.`);
    }
    if (process.platform !== 'win32' && (st.mode & 0o002) !== 0)
      throw new UserError(
        `Alle brugere på maskinen kan skrive i mappen ${chosen}. Sikkerhedskopierne indeholder CPR-numre: vælg en mappe, kun du kan skrive i.`,
      );
  }
  if (chosen === null) db.prepare('DELETE FROM app_meta WHERE key = ?').run(DIR_KEY);
  else setMeta(db, DIR_KEY, path.resolve(chosen));
  return chosen === null ? null : path.resolve(chosen);
}

const AUTO_PREFIX = 'automatisk-';
export const DEFAULT_KEEP = 7;
const KEEP_KEY = 'backup_keep';

export function backupKeep(db: DB): number {
  const v = Number(getMeta(db, KEEP_KEY));
  return Number.isInteger(v) && v >= 1 ? v : DEFAULT_KEEP;
}

export function setBackupKeep(db: DB, keep: number): number {
  if (!Number.isInteger(keep) || keep < 1 || keep > 365) throw new UserError('Antallet af automatiske sikkerhedskopier skal være et helt tal fra 1 til 365.');
  setMeta(db, KEEP_KEY, String(keep));
  return keep;
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

/**
 * Copies the open database to `target` with SQLite's online backup: into a temporary file in the target's folder
 * (readable by the owner only), flushed, then renamed. A failure leaves no file behind and the target as it was.
 */
export async function backupTo(db: DB, target: string): Promise<{ file: string; bytes: number }> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirPrivate(dir);
    createPrivateFile(tmp);
    await db.backup(tmp);
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e instanceof UserError) throw e;
    throw new UserError(`Sikkerhedskopien ${path.basename(target)} kunne ikke skrives i ${dir}: ${(e as Error).message}. Intet er gemt.`);
  }
  return { file: target, bytes: fs.statSync(target).size };
}

export interface BackupInfo {
  file: string;
  /** When the copy was made (its file's time). */
  at: string;
  bytes: number;
  schemaVersion: number;
  places: number;
  forloeb: number;
  ydelser: number;
  lastExport: { month: string; at: string } | null;
}

/** Checks that a file is a whole copy of this program's database, from this version or older, and says what it holds. */
export function inspectBackup(file: string): BackupInfo {
  const name = path.basename(file);
  let src: Database.Database;
  try {
    src = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new UserError(`${name} kan ikke åbnes: ${(e as Error).message}`);
  }
  try {
    let appId: number;
    let version: number;
    try {
      appId = src.pragma('application_id', { simple: true }) as number;
      version = src.pragma('user_version', { simple: true }) as number;
    } catch {
      throw new UserError(`${name} er ikke en sikkerhedskopi af SEI Genoptræning (det er ikke en SQLite-fil).`);
    }
    if (appId !== APPLICATION_ID) throw new UserError(`${name} er ikke en sikkerhedskopi af SEI Genoptræning.`);
    if (version > latestVersion())
      throw new UserError(`${name} er fra en nyere version af SEI Genoptræning (skemaversion ${version}). Opdatér programmet først.`);
    const check = src.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new UserError(`${name} er beskadiget (SQLite: ${String(check)}). Vælg en anden sikkerhedskopi.`);
    const count = (table: string) => src.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const hasDeleted = (src.prepare("SELECT count(*) FROM pragma_table_info('ydelse') WHERE name = 'deleted_at'").pluck().get() as number) > 0;
    const last = src.prepare('SELECT month, at FROM sei_export ORDER BY id DESC LIMIT 1').get() as { month: string; at: string } | undefined;
    return {
      file,
      at: fs.statSync(file).mtime.toISOString(),
      bytes: fs.statSync(file).size,
      schemaVersion: version,
      places: count('place'),
      forloeb: count('forloeb'),
      ydelser: hasDeleted ? (src.prepare('SELECT count(*) FROM ydelse WHERE deleted_at IS NULL').pluck().get() as number) : count('ydelse'),
      lastExport: last ?? null,
    };
  } finally {
    src.close();
  }
}

/**
 * Replaces the open database's content with a checked copy. The database as it was is first copied into the backup
 * folder. An older copy is brought up to date in a temporary file first; then its pages are written into the open
 * database with SQLite's backup, in one transaction: killed half-way, the database is as it was.
 */
export async function restoreFrom(db: DB, dbPath: string, file: string): Promise<{ info: BackupInfo; replacedCopy: string }> {
  const info = inspectBackup(file);
  const dir = backupDir(dbPath, db);
  const replacedCopy = path.join(dir, `før-gendannelse-${stamp(new Date())}.sqlite`);
  await backupTo(db, replacedCopy);
  mkdirPrivate(dir);
  const work = path.join(dir, `.gendannes-${crypto.randomBytes(6).toString('hex')}.sqlite`);
  try {
    createPrivateFile(work);
    fs.copyFileSync(file, work);
    openDatabase(work, { backupDir: dir }).db.close(); // migrations, when the copy is from an older version
    const src = new Database(work, { readonly: true });
    try {
      await src.backup(dbPath);
    } finally {
      src.close();
    }
  } finally {
    for (const f of [work, `${work}-wal`, `${work}-shm`]) fs.rmSync(f, { force: true });
  }
  return { info, replacedCopy };
}

/** The automatic copies, newest first. */
export function automaticBackups(dbPath: string, db?: DB): { file: string; at: string; bytes: number }[] {
  const dir = backupDir(dbPath, db);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(AUTO_PREFIX) && f.endsWith('.sqlite'))
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return { file: path.join(dir, f), at: st.mtime.toISOString(), bytes: st.size };
    })
    .sort((a, b) => b.file.localeCompare(a.file));
}

/**
 * Once a day (the first start of the day), a copy into the backup folder named for the day; the oldest beyond `keep`
 * are removed. Answers the new copy, or null when today's exists.
 */
export async function dailyBackup(db: DB, dbPath: string, today: string): Promise<string | null> {
  const target = path.join(backupDir(dbPath, db), `${AUTO_PREFIX}${today}.sqlite`);
  if (fs.existsSync(target)) return null;
  await backupTo(db, target);
  for (const old of automaticBackups(dbPath, db).slice(backupKeep(db))) fs.rmSync(old.file, { force: true });
  return target;
}
