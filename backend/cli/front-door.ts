// The command line's way into the program: the same handlers, through the same dispatcher (argument checks, Danish
// messages, busy retries), as the window's IPC and the bridge; so a rule cannot differ between the window and the
// command line. The file the command names stands in for the system's open dialog, and --out for the save dialog.

import fs from 'node:fs';
import { MEMORY, openDatabase } from '../../db/open.ts';
import type { CallArgs, CallName, CallResult } from '../../schemas/api.ts';
import { UserError } from '../../schemas/errors.ts';
import type { OpenPurpose } from '../../schemas/files.ts';
import { maskCpr } from '../../schemas/privacy.ts';
import { dispatch } from '../api/dispatch.ts';
import { createHandlers } from '../api/handlers.ts';
import { osUser } from '../paths.ts';
import { openPgStore } from '../../db/pg/open-pg.ts';
import { isPostgresUrl, maskUrl } from '../../db/pg/url.ts';
import { ChosenFiles } from '../services/chosen-files.ts';
import { APP_NAME, APP_VERSION } from '../version.ts';
import { UnreadableError } from './io.ts';

export interface FrontDoor {
  /** One call of the contract; a refusal comes back as a UserError with the window's Danish message. */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  /** The file named on the command line, chosen as the window's dialog would; one that cannot be read is exit 2. */
  choose(purpose: OpenPurpose): Promise<{ fileId: string; fileName: string }>;
  /** Asks a background job (import, SOR file) until it is no longer working, at most `seconds`. */
  waitFor<T>(ask: () => Promise<T>, working: (t: T) => boolean, seconds?: number): Promise<T>;
  close(): void;
}

export interface DoorOptions {
  /** The file the command reads: what the open dialog would answer. */
  open?: string;
  /** Where the command writes: what the save dialog would answer. */
  save?: string;
  /** Today's date for the handlers (deadlines --date). */
  today?: string;
}

/** The database a command works on: its file, and whether it may be made (--ny) when it does not exist. */
export interface DbChoice {
  path: string;
  create: boolean;
}

/**
 * Opens the door on the database, or, for commands that keep nothing (null), on one in memory. A database that does
 * not exist is made only when asked (--ny): a mistyped path must not quietly become an empty database.
 */
export function openFrontDoor(choice: DbChoice | null, options: DoorOptions = {}): FrontDoor {
  const dbPath = choice?.path ?? null;
  const shared = dbPath !== null && isPostgresUrl(dbPath);
  if (choice && !shared && !choice.create && !fs.existsSync(choice.path))
    throw new UnreadableError(`Databasen ${choice.path} findes ikke. Angiv den med --db FIL, eller opret en ny med --ny.`);
  // a kommune's PostgreSQL database: the login is the user (the password from .pgpass)
  const opened = shared ? openPgStore(dbPath) : { ...openDatabase(dbPath ?? MEMORY), user: osUser(), role: null };
  const { db, schemaVersion } = opened;
  const chosen = new ChosenFiles();
  const actor = opened.user;
  const handlers = createHandlers({
    db,
    files: chosen,
    dialogs: { open: async () => options.open ?? null, save: async () => options.save ?? null },
    info: {
      name: APP_NAME,
      version: APP_VERSION,
      mode: 'kommandolinje',
      dbPath: shared ? maskUrl(dbPath) : (dbPath ?? MEMORY),
      store: shared ? 'faelles' : 'fil',
      schemaVersion,
      user: actor,
      role: opened.role,
    },
    actor,
    today: options.today === undefined ? undefined : () => options.today!,
  });
  const call: FrontDoor['call'] = async (name, args) => {
    const env = await dispatch(handlers, name, args, (m) => process.stderr.write(`${maskCpr(m)}\n`));
    if (!env.ok) throw new UserError(env.error.message, env.error.fields);
    return env.result as CallResult<typeof name>;
  };
  return {
    call,
    async choose(purpose) {
      const file = options.open ?? '';
      try {
        const c = await call('files.choose', { purpose });
        if (!c) throw new UnreadableError(`Filen ${file} kan ikke læses.`);
        return c;
      } catch (e) {
        if (e instanceof UserError) throw new UnreadableError(fs.existsSync(file) ? e.message : `Filen ${file} findes ikke.`);
        throw e;
      }
    },
    async waitFor(ask, working, seconds = 3600) {
      const deadline = Date.now() + seconds * 1000;
      for (;;) {
        const t = await ask();
        if (!working(t)) return t;
        if (Date.now() > deadline) throw new UserError(`Arbejdet blev ikke færdigt inden for ${seconds} sekunder.`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close() {
      chosen.close();
      db.close();
    },
  };
}
