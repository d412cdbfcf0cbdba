// Where the data lives. The default is the folder Electron calls userData for the product "SEI Genoptræning", so the
// window, browser mode and the command line use the same file unless told otherwise.

import os from 'node:os';
import path from 'node:path';
import { isPostgresUrl } from '../db/pg/url.ts';

export const PRODUCT_NAME = 'SEI Genoptræning';
export const DB_FILE_NAME = 'sei-genoptraening.sqlite';
export const DB_ENV = 'SEI_GENOPTRAENING_DB';

/** Electron's appData folder for this platform (what app.getPath('appData') gives). */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? path.join(home, '.config');
}

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return path.join(appDataDir(env, platform), PRODUCT_NAME);
}

/** The database path: --db wins, then $SEI_GENOPTRAENING_DB, then the userData folder. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // a kommune's shared database is an address, not a path
  const given = flag ?? env[DB_ENV];
  if (given && isPostgresUrl(given)) return given;
  if (flag) return path.resolve(flag);
  if (env[DB_ENV]) return path.resolve(env[DB_ENV]!);
  return path.join(userDataDir(env), DB_FILE_NAME);
}

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'ukendt bruger';
  }
}
