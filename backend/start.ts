// Opens the database and builds the handlers: what the Electron shell, browser mode and tests all start from.

import { openDatabase } from '../db/open.ts';
import { type Context, createHandlers, type FileDialogs } from './api/handlers.ts';
import { ChosenFiles } from './services/chosen-files.ts';
import { dailyBackup } from '../db/backup.ts';
import { localToday } from '../schemas/dates.ts';
import { osUser } from './paths.ts';
import { APP_NAME, APP_VERSION } from './version.ts';
import type { AppInfo, Handlers } from '../schemas/api.ts';
import { openPgStore } from '../db/pg/open-pg.ts';
import { isPostgresUrl, maskUrl } from '../db/pg/url.ts';
import type { DB } from '../db/open.ts';

export interface Backend {
  db: DB;
  handlers: Handlers;
  /** The files the user has chosen; browser mode's upload adds to it. */
  files: ChosenFiles;
  backupPath: string | null;
  close(): void;
}

export interface StartOptions {
  /** The shared database's password, from the desktop's keychain. */
  password?: string;
  /** The desktop keeps the user's choice of database and restarts (handlers.ts, store.choose). */
  chooseStore?: Context['chooseStore'];
  /** The desktop prints reports (handlers.ts, files.print and files.savePdf). */
  printer?: Context['printer'];
}

export function startBackend(dbPath: string, mode: 'electron' | 'browser', osActor = osUser(), dialogs?: FileDialogs, options: StartOptions = {}): Backend {
  if (isPostgresUrl(dbPath)) {
    // a kommune's shared database: the login is the user, and the server keeps the backups (its DBA's pg_dump)
    const { db, schemaVersion, user, role } = openPgStore(dbPath, options.password);
    const info: AppInfo = { name: APP_NAME, version: APP_VERSION, mode, dbPath: maskUrl(dbPath), store: 'faelles', schemaVersion, user, role };
    return backend(db, info, user, null, dialogs, options);
  }
  // a short wait for another program's lock: the dispatcher tries again without blocking other calls
  const { db, schemaVersion, backupPath } = openDatabase(dbPath, { busyTimeoutMs: 50 });
  // the day's automatic copy, in the background; a failure is reported, never fatal
  void dailyBackup(db, dbPath, localToday()).catch((e: unknown) => {
    if (db.open) console.error(`Den automatiske sikkerhedskopi mislykkedes: ${(e as Error).message}`);
  });
  const info: AppInfo = { name: APP_NAME, version: APP_VERSION, mode, dbPath, store: 'fil', schemaVersion, user: osActor, role: null };
  return backend(db, info, osActor, backupPath, dialogs, options);
}

function backend(db: DB, info: AppInfo, actor: string, backupPath: string | null, dialogs: FileDialogs | undefined, options: StartOptions): Backend {
  const files = new ChosenFiles();
  return {
    db,
    handlers: createHandlers({ db, info, actor, files, dialogs, chooseStore: options.chooseStore, printer: options.printer }),
    files,
    backupPath,
    close: () => {
      files.close();
      db.close();
    },
  };
}
