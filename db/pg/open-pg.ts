// Opening a kommune's PostgreSQL database for the app (the window, browser mode, the command line): the connection,
// and the schema's version checked as the SQLite file's is. A user's login may not change the schema, so an older
// schema is updated by the owner with db init; a newer one is refused, never touched.

import { UserError } from '../../schemas/errors.ts';
import type { DB } from '../open.ts';
import { latestPgVersion, newerRefusal } from './migrate.ts';
import { ROLES } from './roles.ts';
import { PgDatabase } from './sync-database.ts';
import { maskUrl } from './url.ts';

export interface OpenedPg {
  db: DB;
  schemaVersion: number;
  /** The database login: the history names it (the server writes it, db/pg/schema.ts). */
  user: string;
  role: 'administrator' | 'terapeut';
}

/** `password`: from the desktop's keychain; without it, .pgpass (PGPASSFILE) or the address itself. */
export function openPgStore(url: string, password?: string): OpenedPg {
  const where = maskUrl(url);
  const pg = new PgDatabase(url, password === undefined ? {} : { password });
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
    const admin = pg.prepare('SELECT pg_has_role(session_user, ?, ?)').pluck().get(ROLES.administrator, 'MEMBER') === 1;
    return { db: pg as unknown as DB, schemaVersion: version, user, role: admin ? 'administrator' : 'terapeut' };
  } catch (e) {
    pg.close();
    throw e;
  }
}
