// The command line runs its bundle only when the bundle is newer than every source: an edited source is never run
// from a stale bundle.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
// @ts-expect-error: a plain JavaScript module of the bin folder, without types
import { bundleIsFresh } from '../../bin/bundle-fresh.mjs';
import { tmpDir } from '../helpers.ts';

function project(): { root: string; touch: (rel: string, secondsAgo: number) => void } {
  const root = tmpDir();
  const touch = (rel: string, secondsAgo: number) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (!fs.existsSync(p)) fs.writeFileSync(p, '');
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(p, t, t);
  };
  return { root, touch };
}

describe('which code the command runs', () => {
  test('the bundle when it is newer than every source, the sources when one is newer', () => {
    const { root, touch } = project();
    touch('package.json', 100);
    touch('backend/cli/main.ts', 90);
    touch('db/open.ts', 80);
    touch('schemas/sei-genoptraening-1.0.xsd', 70);
    assert.equal(bundleIsFresh(root), false, 'no bundle yet');
    touch('dist/cli/main.mjs', 60);
    assert.equal(bundleIsFresh(root), true);
    touch('db/migrations/007_next.ts', 10);
    assert.equal(bundleIsFresh(root), false, 'a source edited after the build');
    touch('dist/cli/main.mjs', 5);
    assert.equal(bundleIsFresh(root), true);
    touch('package-lock.json', 1);
    assert.equal(bundleIsFresh(root), false, 'dependencies changed after the build');
  });
});
