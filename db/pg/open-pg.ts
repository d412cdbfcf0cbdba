// Opening a kommune's PostgreSQL database for the app (the window, browser mode, the command line): the connection,
// and the schema's version checked as the SQLite file's is. A user's login may not change the schema, so an older
// schema is updated by the owner with db init; a newer one is refused, never touched.

import { UserError } from '../../schemas/errors.ts';
import type { DB } from '../open.ts';
import { latestPgVersion, newerRefusal } from './migrate.ts';
import { PgDatabase } from './sync-database.ts';
import { maskUrl } from './url.ts';

export interface OpenedPg {
  db: DB;
  schemaVersion: number;
  /** The database login: the history names it (the server writes it, db/pg/schema.ts). */
  user: string;
}

export function openPgStore(url: string): OpenedPg {
  const where = maskUrl(url);
  const pg = new PgDatabase(url);
  try {
    const exists = pg.prepare("SELECT to_regclass('sei.sei_schema') IS NOT NULL").pluck().get() === 1;
    if (!exists)
      throw new UserError(
        `Databasen ${where} er ikke gjort klar til SEI Genoptræning. Bed kommunens databaseadministrator køre: sei-genoptraening db init ${where}`,
      );
    const version = pg.prepare('SELECT version FROM sei_schema WHERE id = 1').pluck().get() as number;
    const latest = latestPgVersion();
    if (version > latest) throw newerRefusal(version, latest, where);
    if (version < latest) {
      throw new UserError(
        `Databasen ${where} har skemaversion ${version} og skal opdateres til ${latest}, før denne version af programmet kan bruge den. ` +
          `Bed kommunens databaseadministrator køre: sei-genoptraening db init ${where}`,
      );
    }
    const user = pg.prepare('SELECT session_user').pluck().get() as string;
    return { db: pg as unknown as DB, schemaVersion: version, user };
  } catch (e) {
    pg.close();
    throw e;
  }
}
