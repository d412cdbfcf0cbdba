// Issue 17's load figure: 20 therapists registering ydelser at once on a kommune's PostgreSQL database while an
// administrator exports the month again and again. Each user is a thread of its own with its own login and its own
// backend (as 21 desktops would be), calling the app's handlers; loopback only, bounded in time (BENCH_LOAD_SECONDS,
// default 20). Prints throughput, p95 latency of a registration, the exports made, and checks that every ydelse a
// therapist was told was saved is in the database exactly once.

import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { median } from './paired.ts';

const THERAPISTS = Number(process.env.BENCH_THERAPISTS ?? 20);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const MONTH = '2026-11';
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;

interface Job {
  url: string;
  role: 'therapist' | 'administrator';
  index: number;
  dir: string;
}

interface Report {
  saved: number;
  latencies: number[];
  exports: number;
  errors: string[];
}

/** One user: her own backend on her own login, calling what the window calls. */
async function user(job: Job): Promise<Report> {
  const { startBackend } = await import('../backend/start.ts');
  const { dispatch } = await import('../backend/api/dispatch.ts');
  const { exportMonth } = await import('../backend/services/sei-export.ts');
  const b = startBackend(job.url, 'browser');
  // everyone starts together, once every user's program is up
  parentPort!.postMessage('klar');
  const until = await new Promise<number>((resolve) => parentPort!.once('message', resolve));
  const r: Report = { saved: 0, latencies: [], exports: 0, errors: [] };
  const call = async (name: string, args: unknown) => {
    const env = (await dispatch(b.handlers, name as never, args)) as { ok: boolean; result: never; error?: { message: string } };
    if (!env.ok) throw new Error(env.error?.message);
    return env.result as unknown;
  };
  try {
    if (job.role === 'administrator') {
      const header = { kommunekode: '751', reporterName: 'Administrator', reporterEmail: 'adm@example.dk' };
      while (Date.now() < until) {
        try {
          exportMonth(b.db, MONTH, header, 'x', new Date(), '2026-12-03', { target: path.join(job.dir, `eksport-${r.exports}.xml`) });
          r.exports++;
        } catch (e) {
          // nothing new to export yet: wait for the therapists
          if (!/intet|ingen/i.test((e as Error).message)) r.errors.push((e as Error).message);
          await new Promise((w) => setTimeout(w, 50));
        }
      }
      return r;
    }
    const places = (await call('places.list', {})) as { id: number }[];
    let n = 0;
    let forloebId = 0;
    while (Date.now() < until) {
      // a new citizen every ten ydelser, as a day's work goes
      const citizen = job.index * 100_000 + Math.floor(n / 10);
      const cpr = `${String(1 + (citizen % 28)).padStart(2, '0')}0190${String(citizen % 10_000).padStart(4, '0')}`;
      try {
        const t = performance.now();
        if (n % 10 === 0) {
          forloebId = ((await call('forloeb.create', { forloeb: { cpr, gopType: 'almen_basal', dischargeDate: `${MONTH}-01` } })) as { id: number }).id;
        }
        await call('ydelser.create', {
          forloebId,
          dates: [`${MONTH}-${String(2 + (n % 27)).padStart(2, '0')}`],
          ydelseskode: 'BLNB1',
          placeId: places[n % places.length]!.id,
        });
        r.latencies.push(performance.now() - t);
        r.saved++;
      } catch (e) {
        r.errors.push((e as Error).message);
      }
      n++;
    }
    return r;
  } finally {
    b.close();
  }
}

if (!isMainThread) {
  parentPort!.postMessage(await user(workerData as Job));
}

export async function benchPgLoad(): Promise<void> {
  const { withPgServer } = await import('./pg-server.ts');
  const { PgDatabase } = await import('../db/pg/sync-database.ts');
  const { createPlace } = await import('../db/places.ts');
  const { PlaceInput } = await import('../schemas/places.ts');
  const { sor } = await import('./fixtures.ts');
  await withPgServer(async ({ cluster, fresh }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-bench-load-'));
    try {
      const kommune = await fresh();
      const users = [
        ...Array.from({ length: THERAPISTS }, (_, i) => ({ name: `terapeut${i + 1}`, role: 'sei_terapeut' })),
        { name: 'administrator', role: 'sei_administrator' },
      ];
      for (const u of users) {
        cluster.psql('postgres', `CREATE ROLE ${u.name} LOGIN PASSWORD 'pw-${u.name}' IN ROLE ${u.role}`);
        cluster.addPassword(u.name, `pw-${u.name}`);
      }
      const setup = new PgDatabase(cluster.url(kommune));
      for (let i = 0; i < 5; i++) {
        createPlace(
          setup as never,
          PlaceInput.parse({ name: `Center ${i + 1}`, type: 'genoptraeningscenter', owner: 'kommunal', code: { type: 'SOR', value: sor(2000 + i) } }),
          'bench',
        );
      }
      const workers: Worker[] = [];
      let ready = 0;
      let go: () => void = () => {};
      const allReady = new Promise<void>((r) => (go = r));
      const run = (job: Omit<Job, 'dir'>) =>
        new Promise<Report>((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: { ...job, dir } });
          workers.push(w);
          w.on('message', (m) => {
            if (m === 'klar') {
              if (++ready === THERAPISTS + 1) go();
            } else resolve(m as Report);
          });
          w.once('error', reject);
        });
      let t0 = 0;
      void allReady.then(() => {
        t0 = performance.now();
        const until = Date.now() + SECONDS * 1000;
        for (const w of workers) w.postMessage(until);
      });
      const reports = await Promise.all([
        ...Array.from({ length: THERAPISTS }, (_, i) => run({ url: cluster.url(kommune, `terapeut${i + 1}`), role: 'therapist', index: i + 1 })),
        run({ url: cluster.url(kommune, 'administrator'), role: 'administrator', index: 0 }),
      ]);
      const elapsed = (performance.now() - t0) / 1000;
      const therapists = reports.slice(0, THERAPISTS);
      const saved = therapists.reduce((s, r) => s + r.saved, 0);
      const latencies = therapists.flatMap((r) => r.latencies);
      const errors = reports.flatMap((r) => r.errors);
      const stored = setup.prepare('SELECT count(*) FROM ydelse').pluck().get() as number;
      const twice = setup
        .prepare('SELECT count(*) FROM (SELECT forloeb_id, dato FROM ydelse GROUP BY forloeb_id, dato HAVING count(*) > 1) AS d')
        .pluck()
        .get() as number;
      const actors = setup.prepare("SELECT count(DISTINCT actor) FROM audit_log WHERE entity = 'ydelse'").pluck().get() as number;
      setup.close();
      console.log(
        `${THERAPISTS} terapeuter og 1 administrator i ${elapsed.toFixed(0)} s: ${saved.toLocaleString('da-DK')} ydelser registreret ` +
          `(${(saved / elapsed).toFixed(0)} pr. sekund), ${reports[THERAPISTS]!.exports} eksporter af måneden imens; ` +
          `registrering median ${median(latencies).toFixed(1)} ms, p95 ${p95(latencies).toFixed(1)} ms; ` +
          `i databasen ${stored.toLocaleString('da-DK')} (${stored === saved ? 'ingen tabt' : `${saved - stored} tabt`}), ${twice} dobbelte, ` +
          `${actors} forskellige brugere i historikken; ${errors.length} fejl${errors.length ? `: ${errors[0]}` : ''}`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
