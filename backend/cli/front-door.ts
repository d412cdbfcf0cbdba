// The command line's way into the program: the same handlers, through the same dispatcher (argument checks, Danish
// messages, busy retries), as the window's IPC and the bridge; so a rule cannot differ between the window and the
// command line. The file the command names stands in for the system's open dialog, and --out for the save dialog.

import { openDatabase } from '../../db/open.ts';
import type { CallArgs, CallName, CallResult } from '../../schemas/api.ts';
import { UserError } from '../../schemas/errors.ts';
import { maskCpr } from '../../schemas/privacy.ts';
import { dispatch } from '../api/dispatch.ts';
import { createHandlers } from '../api/handlers.ts';
import { osUser } from '../paths.ts';
import { ChosenFiles } from '../services/chosen-files.ts';
import { APP_NAME, APP_VERSION } from '../version.ts';

export interface FrontDoor {
  /** One call of the contract; a refusal comes back as a UserError with the window's Danish message. */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  close(): void;
}

export function openFrontDoor(dbPath: string, files: { open?: string; save?: string } = {}): FrontDoor {
  const { db, schemaVersion } = openDatabase(dbPath);
  const chosen = new ChosenFiles();
  const actor = osUser();
  const handlers = createHandlers({
    db,
    files: chosen,
    dialogs: { open: async () => files.open ?? null, save: async () => files.save ?? null },
    info: { name: APP_NAME, version: APP_VERSION, mode: 'kommandolinje', dbPath, schemaVersion, user: actor },
    actor,
  });
  return {
    async call(name, args) {
      const env = await dispatch(handlers, name, args, (m) => process.stderr.write(`${maskCpr(m)}\n`));
      if (!env.ok) throw new UserError(env.error.message, env.error.fields);
      return env.result as CallResult<typeof name>;
    },
    close() {
      chosen.close();
      db.close();
    },
  };
}
