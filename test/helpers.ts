// Shared helpers for tests: temporary database files and invented, well-formed codes.

import { INTRO_SEEN_KEY } from '../renderer/src/help/intro-seen.ts';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verhoeffCheckDigit } from '../schemas/codes.ts';
import type { PlaceInput } from '../schemas/places.ts';

/** The temporary directories this test process made, removed when it ends (SEI_KEEP_TMP=1 keeps them, to look at). */
const made: string[] = [];
process.on('exit', () => {
  if (process.env.SEI_KEEP_TMP === '1') return;
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A new temporary directory, removed when the test process ends: a run of the suite made ~900 of them and left some
 * 0.5 GB behind (the kill test's copies alone ~420 MB). `keep`: left for a person to look at (the screenshots).
 */
export function tmpDir(prefix = 'sei-test-', o: { keep?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!o.keep) made.push(dir);
  return dir;
}

export function tmpDbPath(): string {
  return path.join(tmpDir(), 'test.sqlite');
}

/** A SOR code with a valid Verhoeff check digit for the given item number. */
export function sorCode(item: number): string {
  const body = `${item}100001600`;
  return body + verhoeffCheckDigit(body);
}

/**
 * An invented CPR number with a valid date. Sequence 4 digits: digit 7 chooses the century (0-3: 1900s).
 * Test numbers only; never a real person's.
 */
export function cpr(ddmmyy: string, seq: string): string {
  return ddmmyy + seq;
}

export function placeInput(over: Partial<PlaceInput> = {}): PlaceInput {
  return {
    name: 'Genoptræningscenter Nord',
    type: 'genoptraeningscenter',
    owner: 'kommunal',
    street: 'Skolevej 4',
    postalCode: '8000',
    city: 'Aarhus C',
    phone: '87 13 00 00',
    email: 'nord@example.dk',
    web: '',
    code: { type: 'SOR', value: sorCode(4844) },
    ...over,
  };
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
export const hasChromium = fs.existsSync(CHROMIUM);

/**
 * Starts browser mode (the real server) on a free port with the given database; resolves with the address it printed
 * (the page with its secret in the fragment), its origin and the secret.
 */
export async function startBrowserMode(dbFile: string): Promise<{ url: string; origin: string; token: string; stop: () => void }> {
  const { spawn } = await import('node:child_process');
  const server = spawn(process.execPath, ['--import', 'tsx', 'backend/server/browser-main.ts', '--db', dbFile], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20000);
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /nøglen; del den ikke\): (http:\/\/127\.0\.0\.1:\d+\/#\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const address = new URL(url);
  const token = decodeURIComponent(address.hash.replace(/^#[^=]+=/, ''));
  return { url, origin: address.origin, token, stop: () => server.kill('SIGTERM') };
}

/** Why an end-to-end test in Chromium cannot run here, or false when it can. */
export function chromiumSkipReason(): string | false {
  if (!hasChromium) return `Chromium mangler (${CHROMIUM}); installér Debians pakke chromium (det gør .ci/run)`;
  if (!fs.existsSync('dist/renderer/index.html')) return 'Vinduet er ikke bygget (dist/renderer); kør npm run build (det gør npm test)';
  return false;
}

/** A fingerprint of every row of every table: equal before and after means the database is unchanged. */
export function dbFingerprint(db: import('../db/open.ts').DB): string {
  const pg = (db as unknown as { dialect?: string }).dialect === 'pg';
  const tables = db
    .prepare(
      pg
        ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'sei' ORDER BY 1"
        : "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const parts = tables.map((t) => {
    const rows = (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
    return `${t}\n${rows.join('\n')}`;
  });
  const schema = (
    db
      .prepare(
        pg
          ? "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'sei' ORDER BY 1, 2"
          : 'SELECT type, name, sql FROM sqlite_schema ORDER BY name',
      )
      .all() as unknown[]
  ).map((r) => JSON.stringify(r));
  return createHash('sha256').update(parts.join('\n\n')).update(schema.join('\n')).digest('hex');
}

/**
 * Opens the window in a page afresh: the address carries the secret in its fragment, and a page already showing the
 * window (which has taken the fragment off its address) would treat the same address as a jump within the page.
 * `intro`: show the first-run guide as a new user sees it (else the page's storage says it has been seen).
 */
export async function openApp(page: import('playwright-core').Page, url: string, o: { intro?: boolean } = {}): Promise<void> {
  // the first-run guide opens by itself in a new window; a test that is not about it starts as a user who has seen it
  if (!o.intro) await page.addInitScript((key) => localStorage.setItem(key, '1'), INTRO_SEEN_KEY);
  await page.goto('about:blank');
  await page.goto(url);
}
