// Opens the database and builds the handlers: what the Electron shell, browser mode and tests all start from.

import { openDatabase } from '../db/open.ts';
import { createHandlers, type FileDialogs } from './api/handlers.ts';
import { ChosenFiles } from './services/chosen-files.ts';
import { dailyBackup } from '../db/backup.ts';
import { localToday } from '../schemas/dates.ts';
import { osUser } from './paths.ts';
import { APP_NAME, APP_VERSION } from './version.ts';
import type { Handlers } from '../schemas/api.ts';
import type { DB } from '../db/open.ts';

export interface Backend {
  db: DB;
  handlers: Handlers;
  /** The files the user has chosen; browser mode's upload adds to it. */
  files: ChosenFiles;
  backupPath: string | null;
  close(): void;
}

export function startBackend(dbPath: string, mode: 'electron' | 'browser', actor = osUser(), dialogs?: FileDialogs): Backend {
  // a short wait for another program's lock: the dispatcher tries again without blocking other calls
  const { db, schemaVersion, backupPath } = openDatabase(dbPath, { busyTimeoutMs: 50 });
  const info = { name: APP_NAME, version: APP_VERSION, mode, dbPath, schemaVersion, user: actor };
  const files = new ChosenFiles();
  // the day's automatic copy, in the background; a failure is reported, never fatal
  void dailyBackup(db, dbPath, localToday()).catch((e: unknown) => {
    if (db.open) console.error(`Den automatiske sikkerhedskopi mislykkedes: ${(e as Error).message}`);
  });
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
