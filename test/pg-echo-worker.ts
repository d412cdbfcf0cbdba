// A thread that asks the PostgreSQL store many small questions and checks that each answer is its own (pg-store.test.ts
// runs several at once: an answer taken for another's would show here).

import { parentPort, workerData } from 'node:worker_threads';
import { PgDatabase } from '../db/pg/sync-database.ts';

const { url, password, n, seed } = workerData as { url: string; password: string; n: number; seed: number };
const db = new PgDatabase(url, { password });
let wrong = 0;
for (let i = 0; i < n; i++) {
  const v = seed * 1_000_000 + i;
  const got = i % 7 === 0 ? db.prepare('SELECT pg_sleep(0.001), ?::bigint AS v').get(v) : db.prepare('SELECT ?::bigint AS v').get(v);
  if ((got as { v: number }).v !== v) wrong++;
}
db.close();
parentPort!.postMessage(wrong);
