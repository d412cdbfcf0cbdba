// The hostile corpus (test/hostile-corpus.ts) through every reader it fits: the command line and the window's backend.
// Each file is refused with exit 1 or 2 and a Danish message with its location, no stack trace, within a bounded
// time and memory, and the database is byte for byte as it was.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { dispatch } from '../../backend/api/dispatch.ts';
import { startBackend } from '../../backend/start.ts';
import { openDatabase } from '../../db/open.ts';
import { ScriptedDialogs } from '../contract-walk.ts';
import { HOSTILE, type Reader } from '../hostile-corpus.ts';
import { dbFingerprint, tmpDir } from '../helpers.ts';

const COMMAND: Record<Reader, (file: string, db: string) => string[]> = {
  sei: (f, db) => ['sei-import', f, '--db', db, '--ny'],
  sor: (f) => ['sor-check', f, '--format', 'json'],
  csv: (f, db) => ['import-ydelser', f, '--db', db, '--ny'],
  sks: (f, db) => ['sks-load', f, '--db', db, '--ny'],
};
const PURPOSE = { sei: 'sei', sor: 'sor', csv: 'csv', sks: 'sks' } as const;
/** A hung reader is killed; no file of the corpus may take this long. */
const LIMIT_MS = 60_000;
const MAX_RSS_MB = 1500;

function run(args: string[]): Promise<{ code: number | null; out: string; killed: boolean; rssMb: number }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'RSS %M', process.execPath, 'bin/sei-genoptraening.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, LIMIT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const rss = /RSS (\d+)/.exec(out);
      resolve({
        code,
        out: out.replace(/RSS \d+\s*$/, '').replace(/Command exited with non-zero status \d+\s*/, ''),
        killed,
        rssMb: rss ? Number(rss[1]) / 1024 : 0,
      });
    });
  });
}

const NO_STACK = /\n\s+at |RangeError|TypeError|ReferenceError|Uncaught/;

describe('a hostile corpus, through every reader it fits', {
  skip: fs.existsSync('/usr/bin/time') ? false : '/usr/bin/time mangler (Debian-pakken time)',
}, () => {
  const dir = tmpDir('sei-fjendtlig-');
  const dbFile = path.join(dir, 'db.sqlite');
  let before0 = '';
  before(() => {
    const { db } = openDatabase(dbFile);
    before0 = dbFingerprint(db);
    db.close();
  });

  for (const c of HOSTILE) {
    test(`${c.reader}: ${c.name}`, async () => {
      const file = c.make(dir);
      // the command line
      const r = await run(COMMAND[c.reader](file, dbFile));
      assert.equal(r.killed, false, `finished within ${LIMIT_MS / 1000} s`);
      assert.ok(r.code === 1 || r.code === 2, `exit 1 or 2, not ${r.code}: ${r.out.slice(0, 300)}`);
      assert.match(r.out, c.expect);
      assert.doesNotMatch(r.out, NO_STACK, 'no stack trace');
      assert.ok(r.rssMb < MAX_RSS_MB, `peak memory ${r.rssMb.toFixed(0)} MB`);
      const { db } = openDatabase(dbFile);
      assert.equal(dbFingerprint(db), before0, 'the database is as it was');
      db.close();

      // the window's backend: the same file chosen in the desktop's dialog
      const dialogs = new ScriptedDialogs();
      const b = startBackend(path.join(dir, `vindue-${c.reader}.sqlite`), 'electron', 'test', dialogs);
      try {
        const snapshot = dbFingerprint(b.db);
        dialogs.nextOpen = file;
        const chosen = await dispatch(b.handlers, 'files.choose', { purpose: PURPOSE[c.reader] }, () => {});
        let message: string;
        if (!chosen.ok) message = chosen.error.message;
        else {
          const fileId = (chosen.result as { fileId: string }).fileId;
          const call = { sei: 'sei.importPreview', sor: 'sor.read', csv: 'import.analyse', sks: 'sks.preview' }[c.reader];
          const env = await dispatch(b.handlers, call, { fileId }, (m) => assert.fail(`logged: ${m}`));
          if (!env.ok) message = env.error.message;
          else {
            // read in the background: follow its status to the end
            const jobId = (env.result as { jobId: string }).jobId;
            const statusCall = c.reader === 'sor' ? 'sor.status' : 'import.status';
            let st: { state: string; message: string | null } = { state: '', message: null };
            for (let i = 0; i < 600; i++) {
              const s = await dispatch(b.handlers, statusCall, { jobId });
              assert.ok(s.ok);
              st = s.result as typeof st;
              if (st.state !== 'laeser' && st.state !== 'analyserer') break;
              await new Promise((res) => setTimeout(res, 50));
            }
            assert.equal(st.state, 'fejl', `the window is told the file is refused: ${JSON.stringify(st).slice(0, 200)}`);
            message = st.message ?? '';
          }
        }
        assert.match(message, c.expect);
        assert.doesNotMatch(message, NO_STACK);
        assert.equal(dbFingerprint(b.db), snapshot, 'the database is as it was');
      } finally {
        b.close();
      }
    });
  }
});
