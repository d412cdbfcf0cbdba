// db copy: moves a desktop's SQLite database into the kommune's PostgreSQL database, all or nothing. Every table is
// streamed with COPY (the server's bulk path) inside one transaction, the tables locked against other users meanwhile;
// the row counts are compared before committing, so a copy either is complete or did not happen.
//
// The target must be made with db init at the same schema version, and be empty: merging two desktops' databases
// (their ids and record ids overlap) is not what this does.

import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { UserError } from '../../schemas/errors.ts';
import { count } from '../../schemas/danish.ts';
import { openDatabase } from '../open.ts';
import { connect, type ConnectOptions, type PgClient } from './connect.ts';
import { maskUrl } from './url.ts';
import { latestPgVersion, pgSchemaVersion } from './migrate.ts';
import { copyValue } from './copy-text.ts';
import { cprText, dayText } from '../ydelse-values.ts';
import { quoteIdent } from './roles.ts';
import { PG_SCHEMA } from './schema.ts';

export interface CopyResult {
  from: string;
  to: string;
  /** Rows copied per table, in the order copied. */
  tables: { table: string; rows: number }[];
}

/** The tables in an order where every table comes after those it refers to. */
async function tablesInOrder(client: PgClient): Promise<string[]> {
  const tables = (
    await client.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> 'sei_schema' ORDER BY c.relname`,
      [PG_SCHEMA],
    )
  ).rows.map((r) => r.relname as string);
  const refs = (
    await client.query(
      `SELECT c.relname AS t, r.relname AS ref FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE k.contype = 'f' AND n.nspname = $1`,
      [PG_SCHEMA],
    )
  ).rows as { t: string; ref: string }[];
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (t: string) => {
    if (done.has(t)) return;
    done.add(t);
    for (const r of refs) if (r.t === t && r.ref !== t) visit(r.ref);
    order.push(t);
  };
  for (const t of tables) visit(t);
  return order;
}

const CHUNK = 256 * 1024;

export async function copySqliteToPg(file: string, url: string, options: ConnectOptions = {}): Promise<CopyResult> {
  const where = maskUrl(url);
  const { db } = openDatabase(file, { readonly: true });
  try {
    const client = await connect(url, options);
    try {
      const version = await pgSchemaVersion(client);
      const latest = latestPgVersion();
      if (version !== latest) {
        throw new UserError(
          version === 0
            ? `Databasen ${where} er ikke gjort klar til SEI Genoptræning. Kør først: sei-genoptraening db init ${where}`
            : `Databasen ${where} har skemaversion ${version}, men filen ${file} har ${latest}. Kør først: sei-genoptraening db init ${where}`,
        );
      }
      await client.query('BEGIN');
      try {
        const tables = await tablesInOrder(client);
        // nobody writes while the copy runs; readers wait too, so nobody sees half a copy
        await client.query(`LOCK TABLE ${tables.map(quoteIdent).join(', ')} IN ACCESS EXCLUSIVE MODE`);
        for (const t of tables) {
          const n = Number((await client.query(`SELECT count(*) AS n FROM ${quoteIdent(t)}`)).rows[0].n);
          const own = t === 'app_meta' ? Number((await client.query("SELECT count(*) AS n FROM app_meta WHERE key <> 'installation_id'")).rows[0].n) : n;
          if (own > 0) {
            throw new UserError(
              `Databasen ${where} indeholder allerede data (tabellen ${t}: ${count(own, 'række', 'rækker')}). ` +
                `db copy flytter kun ind i en tom database. Intet er ændret.`,
            );
          }
        }
        // the desktop's installation id comes along: its SEI record ids stay what was sent
        await client.query('DELETE FROM app_meta');

        const copied: CopyResult['tables'] = [];
        for (const t of tables) {
          const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => c.name);
          if (columns.length === 0) throw new Error(`The SQLite file has no table ${t}`);
          const stmt = db.prepare(`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(t)}`).raw();
          let rows = 0;
          // a ydelse's date and CPR number: integers in the file, text on the server (db/ydelse-values.ts)
          const asText = t === 'ydelse' ? { cpr: columns.indexOf('cpr'), dato: columns.indexOf('dato') } : null;
          async function* lines(): AsyncGenerator<string> {
            let buf = '';
            for (const row of stmt.iterate() as Iterable<unknown[]>) {
              if (asText) {
                row[asText.cpr] = cprText(row[asText.cpr] as number);
                row[asText.dato] = dayText(row[asText.dato] as number);
              }
              buf += `${row.map(copyValue).join('\t')}\n`;
              rows++;
              if (buf.length >= CHUNK) {
                yield buf;
                buf = '';
              }
            }
            if (buf) yield buf;
          }
          try {
            await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY ${quoteIdent(t)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`)));
          } catch (e) {
            throw new UserError(`Kopieringen stoppede ved tabellen ${t}, række ${rows}: serveren afviste den (${(e as Error).message}). Intet er kopieret.`);
          }
          const there = Number((await client.query(`SELECT count(*) AS n FROM ${quoteIdent(t)}`)).rows[0].n);
          if (there !== rows) throw new Error(`Table ${t}: ${rows} rows read, ${there} in the target`);
          if (columns.includes('id')) {
            // the next id the server gives is after the copied ones
            await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM ${quoteIdent(t)} HAVING max(id) IS NOT NULL`, [
              `${PG_SCHEMA}.${t}`,
            ]);
          }
          copied.push({ table: t, rows });
        }
        await client.query('COMMIT');
        return { from: file, to: where, tables: copied };
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    } finally {
      await client.end();
    }
  } finally {
    db.close();
  }
}
