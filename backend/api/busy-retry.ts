// Another program holding the database: a call waits for it without blocking the process, and tries again.

import { busyError, isBusy } from '../../db/busy.ts';

/** How long a call keeps trying while another program holds the database (each try waits briefly, see db/open.ts). */
export const BUSY_RETRY_MS = 10_000;

/**
 * Runs a call again while the database is busy, waiting between tries without blocking the process (other calls are
 * answered meanwhile). A call that failed busy wrote nothing: its transaction was rolled back.
 */
export async function withBusyRetry<T>(run: () => T | Promise<T>, retryMs: number): Promise<T> {
  const start = Date.now();
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    try {
      return await run();
    } catch (e) {
      if (!isBusy(e) || Date.now() - start + wait > retryMs) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * The database part of a call that first asked the user something (a save dialog): tried again while busy, and then
 * refused with the Danish message, so the dispatcher does not run the whole call, dialog and all, again.
 */
export async function afterAsking<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await withBusyRetry(run, BUSY_RETRY_MS);
  } catch (e) {
    if (isBusy(e)) throw busyError();
    throw e;
  }
}
