// db init / db copy: setting up a kommune's shared PostgreSQL database and moving a desktop's database into it. These
// administer the store itself, so, like sor-check, they do not go through the window's calls (front-door.ts).

import { parseArgs } from 'node:util';
import { count } from '../../../schemas/danish.ts';
import { isPostgresUrl, parseTarget } from '../../../db/pg/url.ts';
import { formatOf, noPositionals, UsageError, type Io } from '../io.ts';

export const PASSWORD_IN_URL_WARNING =
  'Bemærk: adgangskoden står i adressen og kan ses i kommandohistorikken og proceslisten. Gem den i stedet i .pgpass (PGPASSFILE), kun læsbar af dig.\n';

function urlArg(value: string | undefined, what: string, io: Io): string {
  if (!value) throw new UsageError(`Angiv ${what} som postgres://bruger@server:5432/database.`);
  if (!isPostgresUrl(value)) throw new UsageError(`${what} skal være en PostgreSQL-adresse (postgres://…), ikke "${value}".`);
  if (parseTarget(value, io.env).passwordInUrl) io.err(PASSWORD_IN_URL_WARNING);
  return value;
}

export async function dbCommand(sub: string | undefined, rest: string[], io: Io): Promise<number> {
  switch (sub) {
    case 'init': {
      const { values, positionals } = parseArgs({ args: rest, options: { format: { type: 'string' } }, allowPositionals: true, strict: true });
      const format = formatOf(values.format);
      if (positionals.length !== 1) throw new UsageError('Angiv præcis én database: db init postgres://bruger@server/database');
      const url = urlArg(positionals[0], 'databasen', io);
      const { initPg, dbaInstructions } = await import('../../../db/pg/init.ts');
      const result = await initPg(url);
      io.out(format === 'json' ? `${JSON.stringify(result)}\n` : dbaInstructions(result));
      return 0;
    }
    case 'copy': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      noPositionals(positionals);
      const format = formatOf(values.format);
      if (!values.from) throw new UsageError('Angiv SQLite-filen med --from FIL.sqlite.');
      const url = urlArg(values.to, 'måldatabasen (--to)', io);
      const { copySqliteToPg } = await import('../../../db/pg/copy.ts');
      const result = await copySqliteToPg(values.from, url);
      if (format === 'json') io.out(`${JSON.stringify(result)}\n`);
      else {
        const total = result.tables.reduce((s, t) => s + t.rows, 0);
        io.out(`${result.from} er kopieret til ${result.to}: ${count(total, 'række', 'rækker')} i alt.\n`);
        for (const t of result.tables) io.out(`  ${t.table.padEnd(16)} ${String(t.rows).padStart(10)}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(sub ? `Ukendt db-kommando: ${sub} (brug init eller copy)` : 'Angiv init eller copy: db init URL, db copy --from FIL --to URL');
  }
}
