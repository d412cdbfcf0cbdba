// The command line run from its TypeScript sources (bin/sei-genoptraening.mjs, when the bundle is older than a source)
// registers tsx in its own thread only. Its worker threads (the PostgreSQL connection's, the file thread) are
// TypeScript too: started by startWorker, they must load there as well, or the command waits for them until its
// time-out (120 s for a PostgreSQL database).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.join(import.meta.dirname, '..', '..');

test('a worker thread from the sources starts in a process that registered tsx itself, as the command line does', () => {
  // a process without tsx in its arguments, as bin/sei-genoptraening.mjs is started
  const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'fixtures', 'workers', 'from-sources.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'svar');
});
