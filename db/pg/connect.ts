// Connecting to a kommune's PostgreSQL server: one login per user (the server's authentication, TLS as the URL's
// sslmode asks), the password from the user's .pgpass (PGPASSFILE) or, in the desktop, the OS keychain, never from a
// file of ours. Every failure is told in Danish, with the address but never a password.

import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import pgpass from 'pgpass';
import { UserError } from '../../schemas/errors.ts';
import { PG_SCHEMA } from './schema.ts';
import { maskUrl, parseTarget, type Target } from './url.ts';

export type PgClient = pg.Client;

/** Where a password comes from when the URL has none: the desktop's keychain, if any, then .pgpass. */
export type PasswordSource = (t: Target) => Promise<string | undefined>;

function fromPgpass(t: Target): Promise<string | undefined> {
  return new Promise((resolve) => pgpass({ host: t.host, port: t.port, database: t.database, user: t.user }, resolve));
}

const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;

/**
 * Values as the SQLite store gives them: ids and counts (bigint) and sums (numeric) as numbers (they fit), and
 * booleans as 1/0.
 */
function typeParser(oid: number, format?: string): (v: string) => unknown {
  if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
  if (oid === BOOL) return (v: string) => (v === 't' ? 1 : 0);
  return pg.types.getTypeParser(oid, format as 'text');
}

export interface ConnectOptions {
  password?: PasswordSource;
  /** application_name, shown in the server's activity list. */
  application?: string;
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<PgClient> {
  const t = parseTarget(url);
  // the URL's parts as options (not connectionString, whose parse would override the password asked for below)
  const { password, ...parts } = parseConnectionString(url);
  const client = new pg.Client({
    ...(parts as pg.ClientConfig),
    user: t.user,
    password: t.passwordInUrl ? password : async () => (await options.password?.(t)) ?? (await fromPgpass(t)) ?? '',
    application_name: options.application ?? 'SEI Genoptræning',
    types: { getTypeParser: typeParser as never },
    connectionTimeoutMillis: 15_000,
  });
  try {
    await client.connect();
    await client.query(`SET search_path TO ${PG_SCHEMA}, pg_catalog`);
  } catch (e) {
    await client.end().catch(() => {});
    throw connectionError(e, t);
  }
  return client;
}

interface PgError {
  code?: string;
  message?: string;
}

/** A failed connection, in Danish. */
export function connectionError(e: unknown, t: Target): UserError {
  const err = e as PgError;
  const where = `${t.host}:${t.port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new UserError(`Databaseserveren ${where} svarer ikke. Kontrollér adressen, og at serveren kører.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(`Databaseserveren ${t.host} findes ikke (navnet kan ikke slås op).`);
    case '28P01':
      return new UserError(
        `Databaseserveren ${where} afviste brugeren ${t.user}: forkert adgangskode. Adgangskoden læses fra .pgpass (PGPASSFILE) eller programmets nøglering.`,
      );
    case '28000':
      return new UserError(
        `Databaseserveren ${where} tillader ikke brugeren ${t.user} at logge på herfra (pg_hba.conf). Kontakt kommunens databaseadministrator.`,
      );
    case '3D000':
      return new UserError(`Databasen ${t.database} findes ikke på serveren ${where}.`);
  }
  if (/password must be a string|no password|SASL/i.test(err.message ?? '')) {
    return new UserError(
      `Databaseserveren ${where} kræver en adgangskode for brugeren ${t.user}, men der er ingen i .pgpass (PGPASSFILE) eller programmets nøglering.`,
    );
  }
  if (/SSL|TLS|certificate/i.test(err.message ?? '')) {
    return new UserError(`Den krypterede forbindelse til ${where} kunne ikke oprettes: ${err.message}.`);
  }
  return new UserError(`Forbindelsen til databasen ${maskUrl(t.url)} mislykkedes: ${err.message ?? String(e)}.`);
}
