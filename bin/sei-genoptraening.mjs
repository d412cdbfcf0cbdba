#!/usr/bin/env node
// The sei-genoptraening command; needs Node 22 or newer (the project installs it: run through npx or an npm script).
// It runs the bundle `npm run build` makes (dist/cli/main.mjs) when that is newer than every source file, and the
// TypeScript sources through tsx otherwise: an edited source is never run from a stale bundle, and the bundle saves
// compiling the sources at every start (about half a second).
import path from 'node:path';
import { bundleIsFresh, bundlePath } from './bundle-fresh.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `SEI Genoptræning kræver Node 22 eller nyere (denne er ${process.versions.node}). ` +
      'Kør kommandoen med npx i projektmappen, så bruges projektets egen Node.\n',
  );
  process.exit(2);
}

const root = path.join(import.meta.dirname, '..');
let main;
if (bundleIsFresh(root)) {
  ({ main } = await import(bundlePath(root)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../backend/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
