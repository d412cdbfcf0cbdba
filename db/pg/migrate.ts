// Creating and updating the PostgreSQL store's schema, tracked like the SQLite file's: the number of the last
// migration applied. All of it in one transaction (PostgreSQL's DDL is transactional): a failure leaves the database
// as it was. A database of a newer version is refused, never touched.

import { UserError } from '../../schemas/errors.ts';
import { MIGRATIONS, type Migration } from '../migrations/index.ts';
import type { PgClient } from './connect.ts';
import { actorTriggers, PG_BASELINE, PG_BASELINE_VERSION, PG_SCHEMA } from './schema.ts';

export const APPLICATION = 'SEI Genoptræning';

export function latestPgVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const missing = migrations.filter((m) => m.version > PG_BASELINE_VERSION && !m.pg);
  if (missing[0]) throw new Error(`Migration ${missing[0].name} has no PostgreSQL text`);
  return latest;
}

/** The schema version in the database: 0 when the schema has not been created. */
export async function pgSchemaVersion(client: PgClient): Promise<number> {
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [PG_SCHEMA]);
  if (exists.rowCount === 0) return 0;
  const table = await client.query('SELECT to_regclass($1) AS t', [`${PG_SCHEMA}.sei_schema`]);
  if (table.rows[0].t === null) {
    throw new UserError(`Databasen har et skema ${PG_SCHEMA}, som ikke er fra SEI Genoptræning. Vælg en anden database.`);
  }
  const row = await client.query('SELECT application, version FROM sei_schema WHERE id = 1');
  if (row.rowCount === 0 || row.rows[0].application !== APPLICATION) {
    throw new UserError(`Databasens skema ${PG_SCHEMA} er ikke fra SEI Genoptræning. Vælg en anden database.`);
  }
  return row.rows[0].version as number;
}

export function newerRefusal(version: number, latest: number, where: string): UserError {
  return new UserError(
    `Databasen ${where} er fra en nyere version af SEI Genoptræning (skemaversion ${version}); ` +
      `denne version kender kun op til skemaversion ${latest}. Opdatér programmet. Databasen er ikke ændret.`,
  );
}

export interface Migrated {
  from: number;
  to: number;
}

/**
 * Brings the schema to the latest version inside the caller's transaction. `extra` runs after the migrations in the
 * same transaction (db init's roles and grants).
 */
export async function migratePg(client: PgClient, where: string, migrations: readonly Migration[] = MIGRATIONS): Promise<Migrated> {
  const latest = latestPgVersion(migrations);
  const version = await pgSchemaVersion(client);
  if (version > latest) throw newerRefusal(version, latest, where);
  if (version === latest) return { from: version, to: latest };
  if (version === 0) {
    await client.query(`CREATE SCHEMA ${PG_SCHEMA}`);
    await client.query(`SET LOCAL search_path TO ${PG_SCHEMA}, pg_catalog`);
    await client.query(PG_BASELINE);
    await client.query(actorTriggers());
    await client.query('INSERT INTO sei_schema (id, application, version) VALUES (1, $1, $2)', [APPLICATION, PG_BASELINE_VERSION]);
  }
  const from = Math.max(version, PG_BASELINE_VERSION);
  for (const m of migrations.filter((x) => x.version > from)) {
    try {
      await client.query(m.pg!);
    } catch (e) {
      throw new UserError(`Opdateringen af databasen mislykkedes i trin ${m.version} (${m.name}): ${(e as Error).message}. Databasen er ikke ændret.`);
    }
  }
  await client.query('UPDATE sei_schema SET version = $1 WHERE id = 1', [latest]);
  return { from: version, to: latest };
}
