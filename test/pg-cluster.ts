// A real PostgreSQL server for the tests: Debian's postgresql, a fresh cluster in a temporary folder, listening on
// 127.0.0.1 only, run as a non-root user (PostgreSQL refuses root: as root the cluster runs as `nobody` via runuser),
// with password authentication (scram-sha-256) over TCP, so logins and grants are what a kommune's server enforces.
// Without PostgreSQL, pgSkipReason() says why the tests that need it are skipped.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  host: string;
  port: number;
  /** The cluster's superuser (the "DBA" of the tests) and its password. */
  superuser: string;
  password: string;
  /** postgres://user@127.0.0.1:port/db (no password: it comes from a .pgpass file) */
  url(database: string, user?: string): string;
  /** A .pgpass file (mode 0600) holding the superuser's password; add lines with addPassword. */
  pgpass: string;
  addPassword(user: string, password: string): void;
  /** Runs SQL as the superuser in `database` through psql; returns its output. */
  psql(database: string, sql: string, user?: string): string;
  bin(name: string): string;
  stop(): void;
}

const MIN_MAJOR = 14;

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const majors = fs
      .readdirSync(root)
      .map(Number)
      .filter((n) => n >= MIN_MAJOR && fs.existsSync(path.join(root, String(n), 'bin', 'initdb')))
      .sort((a, b) => b - a);
    if (majors.length > 0) return path.join(root, String(majors[0]), 'bin');
  }
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (found.status === 0 && fs.existsSync(path.join(found.stdout.trim(), 'initdb'))) return found.stdout.trim();
  return null;
}

const isRoot = process.getuid?.() === 0;
// runuser lives in sbin, which a PATH may leave out
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((f) => fs.existsSync(f)) ?? 'runuser';

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export function pgSkipReason(): string | null {
  if (process.platform !== 'linux') return 'PostgreSQL-testene kører kun på Linux';
  if (!binDir()) return `PostgreSQL ${MIN_MAJOR} eller nyere er ikke installeret (Debian: apt-get install postgresql)`;
  if (spawnSync('psql', ['--version']).status !== 0) return 'psql mangler';
  if (isRoot && spawnSync(RUNUSER, ['-u', 'nobody', '--', 'true']).status !== 0) {
    return 'som root køres serveren som brugeren nobody, men runuser eller nobody mangler';
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function asServerUser(cmd: string, args: string[]): string {
  const [file, argv] = isRoot ? [RUNUSER, ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startCluster(): Promise<Cluster> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-pg-'));
  const data = path.join(dir, 'data');
  const superuser = 'sei_dba';
  const password = `test-${process.pid}-${Date.now()}`;
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (isRoot) execFileSync('chown', ['-R', 'nobody', dir]);
  asServerUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    superuser,
    `--pwfile=${pwfile}`,
    '--auth-host=scram-sha-256',
    '--auth-local=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  fs.rmSync(pwfile);
  const port = await freePort();
  // fsync off: a test cluster is thrown away; the server still does everything else as in production
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  asServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', 'start']);

  // the client side (this process) keeps its passwords in a .pgpass of its own, as a user would
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sei-pgpass-'));
  const pgpass = path.join(clientDir, '.pgpass');
  fs.writeFileSync(pgpass, '', { mode: 0o600 });
  const addPassword = (user: string, pw: string) => fs.appendFileSync(pgpass, `127.0.0.1:${port}:*:${user}:${pw}\n`);
  addPassword(superuser, password);

  const host = '127.0.0.1';
  const cluster: Cluster = {
    host,
    port,
    superuser,
    password,
    pgpass,
    addPassword,
    url: (database, user = superuser) => `postgres://${user}@${host}:${port}/${database}`,
    psql: (database, sql, user = superuser) =>
      execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-h', host, '-p', String(port), '-U', user, '-d', database, '-c', sql], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSFILE: pgpass },
      }),
    bin: (name) => path.join(bin, name),
    stop: () => {
      try {
        asServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(clientDir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
