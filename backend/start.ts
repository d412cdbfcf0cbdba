// Opens the database and builds the handlers: what the Electron shell, browser mode and tests all start from.

import { openDatabase } from '../db/open.ts';
import { createHandlers, type FileDialogs } from './api/handlers.ts';
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

export function startBackend(dbPath: string, mode: 'electron' | 'browser', osActor = osUser(), dialogs?: FileDialogs): Backend {
  if (isPostgresUrl(dbPath)) {
    // a kommune's shared database: the login is the user, and the server keeps the backups (its DBA's pg_dump)
    const { db, schemaVersion, user } = openPgStore(dbPath);
    return backend(db, { name: APP_NAME, version: APP_VERSION, mode, dbPath: maskUrl(dbPath), schemaVersion, user }, user, null, dialogs);
  }
  // a short wait for another program's lock: the dispatcher tries again without blocking other calls
  const { db, schemaVersion, backupPath } = openDatabase(dbPath, { busyTimeoutMs: 50 });
  // the day's automatic copy, in the background; a failure is reported, never fatal
  void dailyBackup(db, dbPath, localToday()).catch((e: unknown) => {
    if (db.open) console.error(`Den automatiske sikkerhedskopi mislykkedes: ${(e as Error).message}`);
  });
  return backend(db, { name: APP_NAME, version: APP_VERSION, mode, dbPath, schemaVersion, user: osActor }, osActor, backupPath, dialogs);
}

function backend(db: DB, info: AppInfo, actor: string, backupPath: string | null, dialogs?: FileDialogs): Backend {
  const files = new ChosenFiles();
  return {
    db,
    handlers: createHandlers({ db, info, actor, files, dialogs }),
    files,
    backupPath,
    close: () => {
      files.close();
      db.close();
    },
  };
}
