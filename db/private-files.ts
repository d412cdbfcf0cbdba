// Files that hold CPR numbers are readable by their owner only: folders the program creates are 0700, files 0600
// (on Windows the user's profile folder protects them; these modes are ignored there).

import fs from 'node:fs';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/** Creates a folder (and its parents) readable by the owner only; a folder that exists is left as it is. */
export function mkdirPrivate(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
}

/** Creates an empty file readable by the owner only (before SQLite writes into it), or fails if it exists. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE));
}

/** Takes group and other access away from a file of ours that has it (a database made by an older version). */
export function tightenPrivate(file: string): void {
  if (process.platform === 'win32') return;
  try {
    const st = fs.statSync(file);
    if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) fs.chmodSync(file, st.mode & 0o700);
  } catch {
    // not there (a WAL not made yet): nothing to tighten
  }
}
