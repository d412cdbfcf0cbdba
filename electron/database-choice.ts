// The desktop's choice of database, kept beside Electron's other data (database.json, readable by the user only): a
// kommune's shared database by its address, and its password encrypted by the OS keychain (Electron's safeStorage:
// DPAPI on Windows, the Keychain on macOS, libsecret on Linux). No password is ever written in clear: where the system
// offers no keychain, none is kept, and the password comes from .pgpass.

import fs from 'node:fs';
import path from 'node:path';

/** The part of Electron's safeStorage used here (main.ts passes it in). */
export interface Keychain {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface DatabaseChoice {
  url: string;
  password?: string;
}

const FILE = 'database.json';

export function readDatabaseChoice(userData: string, safeStorage: Keychain): DatabaseChoice | null {
  try {
    const j = JSON.parse(fs.readFileSync(path.join(userData, FILE), 'utf8')) as { url?: unknown; password?: unknown };
    if (typeof j.url !== 'string') return null;
    const password =
      typeof j.password === 'string' && safeStorage.isEncryptionAvailable() ? safeStorage.decryptString(Buffer.from(j.password, 'base64')) : undefined;
    return { url: j.url, password };
  } catch {
    return null;
  }
}

/** Keeps the choice (null: this computer's file), written whole or not at all. */
export function saveDatabaseChoice(userData: string, safeStorage: Keychain, url: string | null, password: string | undefined): void {
  const file = path.join(userData, FILE);
  if (url === null) {
    fs.rmSync(file, { force: true });
    return;
  }
  const kept = password && safeStorage.isEncryptionAvailable() ? safeStorage.encryptString(password).toString('base64') : undefined;
  const tmp = `${file}.tmp`;
  fs.mkdirSync(userData, { recursive: true, mode: 0o700 });
  fs.writeFileSync(tmp, JSON.stringify({ url, password: kept }), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The buttons of the question asked when the shared database chosen in the window cannot be opened at start. */
export const SHARED_UNREACHABLE_BUTTONS = { tryAgain: 0, useFile: 1, quit: 2 } as const;

export const SHARED_UNREACHABLE_DIALOG = (message: string) => ({
  type: 'warning' as const,
  title: 'Den fælles database kan ikke åbnes',
  message: 'Kommunens fælles database kan ikke åbnes.',
  detail: `${message}\n\nDu kan prøve igen, eller arbejde i denne computers databasefil, indtil forbindelsen er i orden.`,
  buttons: ['Prøv igen', 'Brug denne computers databasefil', 'Afslut'],
  defaultId: SHARED_UNREACHABLE_BUTTONS.tryAgain,
  cancelId: SHARED_UNREACHABLE_BUTTONS.quit,
  noLink: true,
});
