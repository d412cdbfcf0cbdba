// What the PostgreSQL benchmarks share: a cluster of their own (test/pg-cluster.ts), its password file in PGPASSFILE
// while they run, fresh databases made ready with db init, and psql running a script in one transaction (the plain
// tool each figure is measured against). Said and skipped where there is no PostgreSQL.

import { execFileSync } from 'node:child_process';
import { initPg } from '../db/pg/init.ts';
import { type Cluster, pgSkipReason, startCluster } from '../test/pg-cluster.ts';

export interface Server {
  cluster: Cluster;
  /** A new, empty database at the app's schema; its name. */
  fresh(): Promise<string>;
  /** psql -1 -f script against `database`. */
  psqlFile(database: string, script: string): void;
}

/** Runs `work` with a PostgreSQL server, or says why it cannot. */
export async function withPgServer(work: (s: Server) => Promise<void>): Promise<void> {
  const skip = pgSkipReason();
  if (skip) {
    console.log(`Springes over: ${skip}`);
    return;
  }
  const cluster = await startCluster();
  const env = process.env.PGPASSFILE;
  process.env.PGPASSFILE = cluster.pgpass;
  let n = 0;
  try {
    await work({
      cluster,
      async fresh() {
        const name = `bench_${++n}`;
        cluster.psql('postgres', `CREATE DATABASE ${name}`);
        await initPg(cluster.url(name));
        return name;
      },
      psqlFile(database, script) {
        execFileSync(
          'psql',
          ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-h', cluster.host, '-p', String(cluster.port), '-U', cluster.superuser, '-d', database, '-f', script],
          { env: { ...process.env, PGPASSFILE: cluster.pgpass } },
        );
      },
    });
  } finally {
    if (env === undefined) delete process.env.PGPASSFILE;
    else process.env.PGPASSFILE = env;
    cluster.stop();
  }
}
