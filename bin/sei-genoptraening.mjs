#!/usr/bin/env node
// The sei-genoptraening command; needs Node 22 or newer (the project installs it: run through npx or an npm script).
// It runs the bundle `npm run build` makes (dist/cli/main.mjs) when that is newer than every source file, and the
// TypeScript sources through tsx otherwise: an edited source is never run from a stale bundle, and the bundle saves
// compiling the sources at every start (about half a second).
import fs from 'node:fs';
import path from 'node:path';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `SEI Genoptræning kræver Node 22 eller nyere (denne er ${process.versions.node}). ` +
      'Kør kommandoen med npx i projektmappen, så bruges projektets egen Node.\n',
  );
  process.exit(2);
}

const root = path.join(import.meta.dirname, '..');
const bundle = path.join(root, 'dist', 'cli', 'main.mjs');

/** The newest modification time of the sources the command line is built from. */
function newestSource() {
  let newest = fs.statSync(path.join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json|xsd)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const dir of ['electron', 'db', 'schemas']) walk(path.join(root, dir));
  return newest;
}

let bundled = false;
try {
  bundled = fs.statSync(bundle).mtimeMs >= newestSource();
} catch {
  bundled = false;
}
let main;
if (bundled) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
