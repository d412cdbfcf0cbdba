// Opens the database and builds the handlers: what the Electron shell, browser mode and tests all start from.

import { openDatabase } from '../db/open.ts';
import { createHandlers } from './api/handlers.ts';
import { osUser } from './paths.ts';
import { APP_NAME, APP_VERSION } from './version.ts';
import type { Handlers } from '../schemas/api.ts';
import type { DB } from '../db/open.ts';

export interface Backend {
  db: DB;
  handlers: Handlers;
  backupPath: string | null;
  close(): void;
}

export function startBackend(dbPath: string, mode: 'electron' | 'browser', actor = osUser()): Backend {
  const { db, schemaVersion, backupPath } = openDatabase(dbPath);
  const info = { name: APP_NAME, version: APP_VERSION, mode, dbPath, schemaVersion, user: actor };
  return { db, handlers: createHandlers({ db, info, actor }), backupPath, close: () => db.close() };
}
