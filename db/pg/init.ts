// db init: makes a PostgreSQL database ready for a kommune. Creates (or updates) the schema, the two roles, and
// their grants, in one transaction; run by the kommune's DBA (or a login with CREATEROLE that owns the database).
// Running it again is harmless: it updates an older schema and grants again.

import { UserError } from '../../schemas/errors.ts';
import { connect, type ConnectOptions } from './connect.ts';
import { maskUrl, parseTarget } from './url.ts';
import { migratePg } from './migrate.ts';
import { grantStatements, isRefusedByRole, quoteIdent, ROLES } from './roles.ts';
import { PG_SCHEMA } from './schema.ts';

export interface InitResult {
  url: string;
  database: string;
  owner: string;
  from: number;
  to: number;
  rolesCreated: string[];
}

export async function initPg(url: string, options: ConnectOptions = {}): Promise<InitResult> {
  const target = parseTarget(url);
  const client = await connect(url, options);
  try {
    await client.query('BEGIN');
    let migrated: { from: number; to: number };
    const rolesCreated: string[] = [];
    try {
      migrated = await migratePg(client, maskUrl(url));
      for (const role of Object.values(ROLES)) {
        const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
        if (exists.rowCount === 0) {
          await client.query(`CREATE ROLE ${quoteIdent(role)} NOLOGIN`);
          rolesCreated.push(role);
        }
      }
      for (const sql of grantStatements(PG_SCHEMA)) await client.query(sql);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      if (isRefusedByRole(e)) {
        throw new UserError(
          `Brugeren ${target.user} må ikke oprette skemaet eller rollerne i databasen ${target.database} (${(e as Error).message}). ` +
            `db init skal køres af databasens ejer med ret til at oprette roller (CREATEROLE). Intet er ændret.`,
        );
      }
      throw e;
    }
    return { url: maskUrl(url), database: target.database, owner: target.user, ...migrated, rolesCreated };
  } finally {
    await client.end();
  }
}

/** What the kommune's DBA must do after db init, in Danish. */
export function dbaInstructions(r: InitResult): string {
  const t = parseTarget(r.url);
  const state =
    r.from === r.to
      ? `Databasen ${r.url} var allerede klar (skemaversion ${r.to}); rettighederne er givet igen.`
      : r.from === 0
        ? `Databasen ${r.url} er gjort klar til SEI Genoptræning (skemaversion ${r.to}, skemaet ${PG_SCHEMA}).`
        : `Databasen ${r.url} er opdateret fra skemaversion ${r.from} til ${r.to}.`;
  const created = r.rolesCreated.length > 0 ? ` Oprettet nu: ${r.rolesCreated.join(', ')}.` : '';
  return `${state}
Roller: ${ROLES.therapist} (registrerer steder, forløb og ydelser) og ${ROLES.administrator} (også eksport til SEI og KL Gateway,
indberetning, SOR-kontrol, SKS-listen og indstillinger). Serveren håndhæver rollerne; historikken skrives med databasebrugerens navn.${created}

Det skal databaseadministratoren gøre:
  1. Opret et login til hver bruger, og giv det én af rollerne, fx:
       CREATE ROLE "anne.hansen" LOGIN PASSWORD '…';
       GRANT ${ROLES.therapist} TO "anne.hansen";
       GRANT ${ROLES.administrator} TO "lars.madsen";
  2. Tillad kun krypterede forbindelser med adgangskode i pg_hba.conf, fx:
       hostssl  ${t.database}  +${ROLES.therapist}  10.0.0.0/8  scram-sha-256
  3. Hver bruger gemmer sin adgangskode i sin egen .pgpass (Windows: %APPDATA%\\postgresql\\pgpass.conf, kun læsbar af
     brugeren), fx  ${t.host}:${t.port}:${t.database}:anne.hansen:adgangskode
     og åbner programmet med --db postgres://anne.hansen@${t.host}:${t.port}/${t.database}?sslmode=verify-full
  4. En database fra en pc flyttes ind med:
       sei-genoptraening db copy --from FIL.sqlite --to postgres://${r.owner}@${t.host}:${t.port}/${t.database}
`;
}
