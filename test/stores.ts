// The data layer's tests run against both stores: the SQLite file and a kommune's PostgreSQL database (a real
// server, test/pg-cluster.ts). A suite loops over STORES; the PostgreSQL store is skipped, saying why, where there is
// no PostgreSQL. Each fresh() is an empty database at the app's schema version.

import fs from 'node:fs';
import { openDatabase, type DB } from '../db/open.ts';
import { initPg } from '../db/pg/init.ts';
import { PgDatabase } from '../db/pg/sync-database.ts';
import { tmpDbPath } from './helpers.ts';
import { type Cluster, pgSkipReason, startCluster } from './pg-cluster.ts';

export interface Store {
  name: string;
  /** Why this store's tests are skipped here, or false. */
  skip: string | false;
  start(): Promise<void>;
  fresh(): DB;
  stop(): void;
}

const sqlite: Store = {
  name: 'SQLite',
  skip: false,
  start: async () => {},
  fresh: () => openDatabase(tmpDbPath()).db,
  stop: () => {},
};

function postgres(): Store {
  let cluster: Cluster | null = null;
  let n = 0;
  const opened: PgDatabase[] = [];
  const TEMPLATE = 'sei_template';
  return {
    name: 'PostgreSQL',
    skip: pgSkipReason() ?? false,
    async start() {
      cluster = await startCluster();
      cluster.psql('postgres', `CREATE DATABASE ${TEMPLATE}`);
      const env = process.env.PGPASSFILE;
      process.env.PGPASSFILE = cluster.pgpass;
      try {
        await initPg(cluster.url(TEMPLATE));
      } finally {
        if (env === undefined) delete process.env.PGPASSFILE;
        else process.env.PGPASSFILE = env;
      }
    },
    fresh() {
      const name = `store_${process.pid}_${++n}`;
      cluster!.psql('postgres', `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
      const db = new PgDatabase(cluster!.url(name), { password: cluster!.password });
      opened.push(db);
      return db as unknown as DB;
    },
    stop() {
      for (const db of opened) db.close();
      cluster?.stop();
      if (cluster) fs.rmSync(cluster.pgpass, { force: true });
    },
  };
}

export const STORES: Store[] = [sqlite, postgres()];
