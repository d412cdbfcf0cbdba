// Opening the app's SQLite file: pragmas, Danish text functions, and the migrations.
//
// The schema version lives in PRAGMA user_version. All pending migrations run in one transaction, after a copy of
// the file has been taken, so a failing migration leaves the database exactly as it was. A database written by a
// newer version of the app is refused, never touched.

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../schemas/errors.ts';
import { foldDanish } from '../schemas/search.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { createPrivateFile, mkdirPrivate, tightenPrivate } from './private-files.ts';
import { busyError, isBusy } from './busy.ts';

export type DB = Database.Database;

/** What the write-ahead log is cut back to after a large write (bytes). */
export const WAL_SIZE_LIMIT = 16 * 1024 * 1024;

/** Marks the file as ours ("SEIG"), so another program's SQLite file is not migrated by mistake. */
export const APPLICATION_ID = 0x53454947;

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** Folder for the copy taken before a migration; default: "backups" beside the database. */
  backupDir?: string;
  readonly?: boolean;
  /**
   * How long a statement waits for another connection's lock before failing with SQLITE_BUSY. The command line may
   * wait (5 s); the window's backend waits briefly and tries again without blocking other calls (api/dispatch.ts).
   */
  busyTimeoutMs?: number;
}

export interface Opened {
  db: DB;
  schemaVersion: number;
  /** The copy taken before migrating, when one was. */
  backupPath: string | null;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

function timestampForFile(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/** SQLite's name for a database that lives in memory and is gone when closed. */
export const MEMORY = ':memory:';

export function openDatabase(file: string, options: OpenOptions = {}): Opened {
  const migrations = options.migrations ?? MIGRATIONS;
  checkMigrationList(migrations);
  const latest = latestVersion(migrations);
  // ':memory:' is a database of this connection only (the command line's checks that keep nothing): no file
  const inMemory = file === MEMORY;
  const dir = path.dirname(path.resolve(file));
  if (!inMemory) {
    try {
      mkdirPrivate(dir);
    } catch (e) {
      throw new UserError(`Mappen til databasen kan ikke oprettes: ${dir} (${(e as Error).message}).`);
    }
  }

  let db: DB;
  try {
    if (!options.readonly && !inMemory) {
      // the database, its WAL and its shared memory (SQLite gives them the database's mode) for the owner only
      if (fs.existsSync(file)) for (const f of [file, `${file}-wal`, `${file}-shm`]) tightenPrivate(f);
      else createPrivateFile(file);
    }
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (e) {
    throw new UserError(`Databasen ${file} kan ikke åbnes: ${(e as Error).message}`);
  }

  try {
    let version: number;
    let appId: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      appId = db.pragma('application_id', { simple: true }) as number;
    } catch {
      throw new UserError(`Filen ${file} er ikke en database fra SEI Genoptræning (det er ikke en SQLite-fil).`);
    }
    if (version > latest) {
      throw new UserError(
        `Databasen ${file} er fra en nyere version af SEI Genoptræning (skemaversion ${version}); ` +
          `denne version kender kun op til skemaversion ${latest}. Opdatér programmet. Databasen er ikke ændret.`,
      );
    }
    const tableCount = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as {
      n: number;
    };
    if ((appId !== APPLICATION_ID && appId !== 0) || (version === 0 && tableCount.n > 0)) {
      throw new UserError(`Filen ${file} er en SQLite-database fra et andet program. Vælg en anden fil.`);
    }

    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // a large write (a year's import) makes the write-ahead log as large as what it wrote; once written back, the
      // next write empties it to this size instead of leaving 145 MB beside the file until the program closes
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    }
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('cache_size = -131072'); // 128 MiB: index inserts of large imports stay in memory
    // reads through the OS page cache instead of a read call per page (a month's export reads some 100,000 rows);
    // address space only: the memory is the OS's cache, shared and given back under pressure
    db.pragma('mmap_size = 1073741824');
    db.function('fold_da', { deterministic: true }, (s: unknown) => foldDanish(String(s ?? '')));

    let backupPath: string | null = null;
    if (version < latest) {
      if (options.readonly) {
        throw new UserError(`Databasen ${file} skal opdateres (skemaversion ${version} → ${latest}), men er åbnet skrivebeskyttet.`);
      }
      if (version > 0) backupPath = backupBeforeMigration(db, file, version, options.backupDir);
      const pending = migrations.filter((m) => m.version > version);
      const migrate = db.transaction(() => {
        for (const m of pending) {
          try {
            db.exec(m.sql);
          } catch (e) {
            throw new UserError(
              `Opdateringen af databasen mislykkedes i trin ${m.version} (${m.name}): ${(e as Error).message}. ` + `Databasen er ikke ændret.`,
            );
          }
        }
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${latest}`);
      });
      migrate();
      compactAfterMigration(db);
    }
    return { db, schemaVersion: latest, backupPath };
  } catch (e) {
    db.close();
    if (isBusy(e)) throw busyError();
    throw e;
  }
}

/**
 * A migration that makes a table again (13: a million ydelser) leaves the old table's pages free in the file, which
 * then stays as large as before (248 MB where the same rows take 144): more than a quarter free, the file is made
 * again without them (VACUUM: ~1 s for a million ydelser, after the migration's ~4–5 s). It cannot run inside the
 * migration's transaction; should it fail (a full disk), the database is as the migration left it, only larger.
 */
function compactAfterMigration(db: DB): void {
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  if (free * 4 <= pages) return;
  try {
    db.exec('VACUUM');
    // the new file went through the write-ahead log, as large as the file: written back and emptied now, not left on
    // the disk beside it until the program closes
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // the file stays valid: its free pages are used again by later writes
  }
}

/**
 * A consistent copy of the database (VACUUM INTO a temporary name, then renamed), in the backup folder, named for the
 * version it holds, readable by its owner only.
 */
function backupBeforeMigration(db: DB, file: string, version: number, backupDir?: string): string {
  const dir = backupDir ?? path.join(path.dirname(path.resolve(file)), 'backups');
  const base = path.basename(file).replace(/\.sqlite$/i, '');
  const dest = path.join(dir, `${base}-skemaversion-${version}-${timestampForFile(new Date())}.sqlite`);
  const tmp = `${dest}.tmp`;
  try {
    mkdirPrivate(dir);
    createPrivateFile(tmp);
    db.prepare('VACUUM INTO ?').run(tmp);
    fs.renameSync(tmp, dest);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(
      `Der kunne ikke tages en sikkerhedskopi før opdateringen af databasen (${dest}): ${(e as Error).message}. ` + `Databasen er ikke ændret.`,
    );
  }
  return dest;
}
