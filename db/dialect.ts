// The few places where SQLite's and PostgreSQL's SQL differ, as fragments chosen by the store (dialectOf). Everything
// else in db/ is one SQL text for both.

/** Which SQL the store speaks: the SQLite file, or a kommune's PostgreSQL database (db/pg/sync-database.ts). */
export function dialectOf(db: object): 'sqlite' | 'pg' {
  return (db as { dialect?: string }).dialect === 'pg' ? 'pg' : 'sqlite';
}

/** The ISO date `days` days after the ISO date `expr` (text in both stores). */
export function plusDays(db: object, expr: string, days: number): string {
  if (!Number.isInteger(days)) throw new Error(`plusDays: ${days} is not a whole number of days`);
  return dialectOf(db) === 'pg' ? `to_char((${expr})::date + ${days}, 'YYYY-MM-DD')` : `date(${expr}, '${days >= 0 ? '+' : ''}${days} days')`;
}

/** An ISO date given as a parameter, plus `days`. */
export function paramPlusDays(db: object, days: number): string {
  return plusDays(db, dialectOf(db) === 'pg' ? '?::text' : '?', days);
}

/**
 * A JSON array given as one parameter, read as rows: `from` goes in the FROM clause, `value` is each element (text, or
 * an id compared with an integer column).
 */
export function jsonRows(db: object, alias: string, of: 'text' | 'id' = 'text'): { from: string; value: string } {
  if (dialectOf(db) === 'pg')
    return { from: `json_array_elements_text(?::json) AS ${alias}(value)`, value: of === 'id' ? `${alias}.value::bigint` : `${alias}.value` };
  return { from: `json_each(?) ${alias}`, value: `${alias}.value` };
}

/**
 * Runs a statement that answers nothing the caller needs. On PostgreSQL it is sent without waiting for the server
 * (PgDatabase.runLater): its error, if any, is thrown by the connection's next statement, at the latest the COMMIT. In
 * SQLite, which has no server to wait for, it runs at once.
 */
export function runLater(db: { prepare(sql: string): unknown }, sql: string, ...params: unknown[]): void {
  const statement = db.prepare(sql) as { run(...p: unknown[]): unknown; later?: (...p: unknown[]) => void };
  if (dialectOf(db) === 'pg') statement.later!(...params);
  else statement.run(...params);
}
