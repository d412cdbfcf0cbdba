// A PostgreSQL address (postgres://user@host:port/database?sslmode=…): read, and shown without its password. No
// driver here: the command line reads addresses before it knows whether it will connect.

import { UserError } from '../../schemas/errors.ts';

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

/** The address as it may be shown: the password, if the URL holds one, replaced by ***. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:/@]*):[^@]*@/, '://$1:***@');
  }
}

export interface Target {
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** True when the URL itself holds a password (allowed, but the user is told it is better kept in .pgpass). */
  passwordInUrl: boolean;
}

export function parseTarget(url: string, env: NodeJS.ProcessEnv = process.env): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`Databaseadressen kan ikke læses: ${maskUrl(url)}. Skriv den som postgres://bruger@server:5432/database.`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new UserError(`Databaseadressen ${maskUrl(url)} nævner ingen database. Skriv den som postgres://bruger@server:5432/database.`);
  return {
    url,
    host: u.hostname || 'localhost',
    port: Number(u.port || 5432),
    database,
    user: decodeURIComponent(u.username) || env.PGUSER || env.USER || env.USERNAME || '',
    passwordInUrl: u.password !== '',
  };
}
