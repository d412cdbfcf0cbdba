// Whether the command line's bundle (dist/cli/main.mjs, made by `npm run build`) is newer than every source it is
// built from: the sources under backend/, electron/, db/ and schemas/, and the dependencies' list. A stale bundle is never run.
import fs from 'node:fs';
import path from 'node:path';

export function bundlePath(root) {
  return path.join(root, 'dist', 'cli', 'main.mjs');
}

/** The newest modification time of the sources the command line is built from. */
function newestSource(root) {
  let newest = 0;
  for (const f of ['package.json', 'package-lock.json']) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
    } catch {
      // not there: nothing to compare
    }
  }
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json|xsd)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const dir of ['backend', 'electron', 'db', 'schemas']) {
    if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  }
  return newest;
}

export function bundleIsFresh(root) {
  try {
    return fs.statSync(bundlePath(root)).mtimeMs >= newestSource(root);
  } catch {
    return false;
  }
}
